/*
 * sys_test.h - what the system-call tests share: a machine booted for
 * real (memory, MMU, CPU, an mm loaded in CR3, the file systems over a
 * fresh host directory as the guest's root, a task), the int 0x80 entry
 * driven by hand (sc: set EAX and the argument registers, call
 * do_syscall as the CPU's hook would, read EAX), guest memory read and
 * written with access_process_vm, and host stdin/stdout swapped for a
 * pipe for a while.
 *
 * Layout of every test's mm: DATA_PAGES read-write pages at DATA, one
 * read-only page at RO, one PROT_NONE page at NONE, the heap from
 * BRK_START, nothing at HOLE (tests map there) nor at CODE (the one test
 * that runs guest code maps it there). The host directory is
 * base_dir/root, the guest's /, with base_dir/secret.txt outside it.
 *
 * Include after <cmocka.h>, in a file that starts with _GNU_SOURCE.
 */
#ifndef I386MM_SYS_TEST_H
#define I386MM_SYS_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu.h"
#include "fdtable.h"
#include "fs.h"
#include "gfp.h"
#include "kern_fs.h"
#include "kernel.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "pagemap.h"
#include "pipe_fs_i.h"
#include "proc_fs.h"
#include "sched.h"
#include "slab.h"
#include "syscalls.h"
#include "timekeeping.h"
#include "uaccess.h"

#define DATA		0x10000000u
#define DATA_PAGES	16
#define RO		0x20000000u
#define NONE		0x20010000u
#define HOLE		0x30000000u
#define CODE		0x08048000u
#define BRK_START	0x08200000u
#define P		PAGE_SIZE
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

static struct mmu mmu;
static struct mm_struct *mm;
static struct task_struct *tp;	/* the task under test */
static int last_stop;
static char base_dir[256];	/* host: base/root is the guest's / */
static char root_dir[300];

/* ------------------------------------------------------------ helpers */

static inline long sc(uint32_t nr, uint32_t a, uint32_t b, uint32_t c,
		      uint32_t d, uint32_t e, uint32_t f)
{
	uint32_t eax;

	cpu_set_reg(CPU_EAX, nr);
	cpu_set_reg(CPU_EBX, a);
	cpu_set_reg(CPU_ECX, b);
	cpu_set_reg(CPU_EDX, c);
	cpu_set_reg(CPU_ESI, d);
	cpu_set_reg(CPU_EDI, e);
	cpu_set_reg(CPU_EBP, f);
	last_stop = do_syscall(NULL);
	eax = cpu_get_reg(CPU_EAX);
	/* -errno comes back negative, an address (mmap) as it is */
	return eax >= (uint32_t)-4095 ? (long)(int32_t)eax : (long)eax;
}

#define SC0(nr)			sc(nr, 0, 0, 0, 0, 0, 0)
#define SC1(nr, a)		sc(nr, a, 0, 0, 0, 0, 0)
#define SC2(nr, a, b)		sc(nr, a, b, 0, 0, 0, 0)
#define SC3(nr, a, b, c)	sc(nr, a, b, c, 0, 0, 0)
#define SC4(nr, a, b, c, d)	sc(nr, a, b, c, d, 0, 0)
#define SC5(nr, a, b, c, d, e)	sc(nr, a, b, c, d, e, 0)

static inline void poke(uint32_t va, const void *buf, uint32_t len)
{
	assert_int_equal(access_process_vm(mm, va, (void *)buf, len, 1), len);
}

static inline void peek(uint32_t va, void *buf, uint32_t len)
{
	assert_int_equal(access_process_vm(mm, va, buf, len, 0), len);
}

static inline uint32_t peek32(uint32_t va)
{
	uint32_t v;

	peek(va, &v, 4);
	return v;
}

static inline void poke_str(uint32_t va, const char *s)
{
	poke(va, s, (uint32_t)strlen(s) + 1);
}

static inline void map_fixed(uint32_t addr, uint32_t len, int prot)
{
	uint32_t a = do_mmap_pgoff(mm, addr, len, prot, ANON | MAP_FIXED, 0,
				   NULL, NULL);
	assert_int_equal(a, addr);
}

static inline pte_t pte_of(uint32_t va)
{
	pte_t *p = pte_offset(mm->pgd, va);

	return p ? *p : 0;
}

static inline uint64_t dtlb_lookups(void)
{
	return mmu.dtlb.hits + mmu.dtlb.misses;
}

/* Host fd target replaced by a pipe end for the length of a test. */
struct redirect {
	int target, saved, pipe[2];
};

static inline void redirect_begin(struct redirect *r, int target)
{
	r->target = target;
	assert_int_equal(pipe(r->pipe), 0);
	r->saved = dup(target);
	assert_true(r->saved >= 0);
	assert_int_equal(dup2(r->pipe[target == 0 ? 0 : 1], target), target);
}

static inline void redirect_end(struct redirect *r)
{
	assert_int_equal(dup2(r->saved, r->target), r->target);
	close(r->saved);
	close(r->pipe[0]);
	close(r->pipe[1]);
}

/* ------------------------------------------------------ setup, teardown */

/* procfs' process table: the task under test */
static inline struct task_struct *test_self(void)
{
	return current;
}

static inline struct task_struct *test_find(int pid)
{
	return tp && tp->pid == pid ? tp : NULL;
}

static inline int test_next_pid(int after)
{
	return tp && tp->pid > after ? tp->pid : -1;
}

static const struct proc_task_ops test_task_ops = {
	test_self, test_find, test_next_pid,
};

static inline int rm_entry(const char *path, const struct stat *st,
			   int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* base/root, empty, and base/secret.txt outside it */
static inline int make_root(void)
{
	char p[400];
	int fd;

	snprintf(base_dir, sizeof(base_dir), "%s/i386mm-sc-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(base_dir))
		return -1;
	snprintf(root_dir, sizeof(root_dir), "%s/root", base_dir);
	snprintf(p, sizeof(p), "%s/secret.txt", base_dir);
	fd = open(p, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || write(fd, "SECRET", 6) != 6)
		return -1;
	close(fd);
	return mkdir(root_dir, 0755);
}

static inline int boot(unsigned int vfs_flags)
{
	if (make_root())
		return -1;
	if (mem_init(64u << 20))
		return -1;
	if (mmu_init(&mmu, ITLB_DEFAULT_ENTRIES, ITLB_DEFAULT_WAYS,
		     DTLB_DEFAULT_ENTRIES, DTLB_DEFAULT_WAYS))
		return -1;
	current_mmu = &mmu;
	if (cpu_init(&mmu))
		return -1;
	mm = mm_alloc();
	if (!mm)
		return -1;
	cpu_set_mm(mm);
	cpu_set_syscall_handler(do_syscall, NULL);
	mm->start_data = BRK_START - 0x100000u;
	mm->end_data = BRK_START - 0x80000u;
	mm->start_brk = mm->brk = BRK_START;
	map_fixed(DATA, DATA_PAGES * P, PROT_READ | PROT_WRITE);
	map_fixed(RO, P, PROT_READ);
	map_fixed(NONE, P, PROT_NONE);
	timekeeping_init();
	if (fs_boot(root_dir, vfs_flags, 0))
		return -1;

	/* a task as the run loop makes one: Linux's default rlimits */
	if (task_cache_init())
		return -1;
	tp = alloc_task();
	if (!tp)
		return -1;
	tp->pid = tp->tgid = 100;
	tp->ppid = 1;
	tp->uid = tp->euid = 1000;
	tp->gid = tp->egid = 1000;
	tp->mm = mm;
	tp->state = TASK_RUNNING;
	strcpy(tp->exe, "/bin/guest-program");
	strcpy(tp->comm, "guest");
	current = tp;
	if (sys_task_init(tp))
		return -1;
	proc_set_task_ops(&test_task_ops);

	syscall_set_real_time(0);
	syscall_set_seed(0);
	syscall_set_strace(NULL);
	return 0;
}

/* The guest's root read-only, as i386mm runs by default. */
static inline int setup(void **state)
{
	(void)state;
	return boot(0);
}

/* --root-rw */
static inline int setup_rw(void **state)
{
	(void)state;
	return boot(VFS_ROOT_RW);
}

/*
 * Everything down, as a run's end does: the task's files closed, its mm
 * gone, the file systems written back and unmounted; then every frame
 * must be free again.
 */
static inline void machine_down(void)
{
	proc_set_task_ops(NULL);
	current = NULL;
	sys_task_exit(tp);
	free_task(tp);
	tp = NULL;
	task_cache_exit();
	cpu_destroy();
	switch_mm(NULL);
	mmput(mm);
	mm = NULL;
	fs_shutdown();
	mmu_destroy(&mmu);
	current_mmu = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	mem_exit();
}

static inline void remove_root(void)
{
	nftw(base_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline int teardown(void **state)
{
	(void)state;
	machine_down();
	remove_root();
	return 0;
}

#endif
