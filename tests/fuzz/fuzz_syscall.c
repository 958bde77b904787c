/*
 * fuzz_syscall.c - random system calls against a live process: the
 * syscall layer (do_syscall and every handler behind sys_call_table,
 * with --strace's formatter on) as a guest's int 0x80 reaches it,
 * without running guest code.
 *
 * The machine (memory, MMU, CPU) boots once; each input gets a fresh
 * process, as the run loop makes the first one: the file systems over a
 * small root made afresh (read-only, or --root-rw if the input's first
 * byte is odd), a task in the process table with its files, and
 * an mm with DATA_PAGES read-write pages at DATA (path strings at the
 * start of each 64-byte slot), a read-only page at RO, a PROT_NONE page
 * at NONE and a heap. Its standard streams are closed and the tty is
 * /dev/null, so no call touches the host's terminal.
 *
 * Input: operations, each an opcode byte then operands (zeros past the
 * end): bytes written into DATA, ESP moved (where signal frames go), or
 * a system call: its number (one the table has, or any 16-bit one) and
 * six arguments, each chosen by a kind byte as a small integer, a
 * pointer into DATA, RO, NONE, the kernel half or a hole, a path slot,
 * a size or any 32-bit value. fork, vfork, clone and execve are left
 * out (the process they make or replace would need the run loop); exit
 * and a fatal signal end the input early. After every call the VMA list
 * must be sorted and disjoint with map_count right; after the input the
 * task exits and is reaped, the file systems go down, and every frame,
 * swap slot, struct file and host descriptor must be back, and nothing
 * outside the root changed (a symlink there points out of it).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu.h"
#include "fs.h"
#include "fuzz.h"
#include "gfp.h"
#include "kern_fs.h"
#include "kernel.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "process.h"
#include "sched.h"
#include "slab.h"
#include "swap.h"
#include "syscalls.h"
#include "timekeeping.h"

#define DATA		0x10000000u
#define DATA_PAGES	16
#define RO		0x20000000u
#define NONE		0x20010000u
#define HOLE		0x30000000u
#define BRK_START	0x08200000u
#define SLOT		64	/* DATA bytes per path slot */
#define MAX_CALLS	64
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define OUTSIDE		"outside.txt"
#define OUTSIDE_TEXT	"not the guest's\n"

static const char *const paths[] = {
	"/", ".", "..", "/file", "/dir", "/dir/inner", "/link", "/dev/null",
	"/dev/zero", "/dev/tty", "/dev/shm", "/dev/shm/f", "/proc/self/maps",
	"/proc/self/status", "/proc/meminfo", "/escape", "/../outside.txt",
	"/tmp/t", "new", "/dir/new", "/nonexistent",
};

static struct mmu mmu;
static int booted, fds_boot, nr_calls;
static int calls[NR_syscalls];
static unsigned long frames_boot;
static uint32_t regs_boot[CPU_GS + 1];
static char root[512];
static FILE *strace_null;

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* root, afresh: a file, a directory with a file, a symlink to the file
 * and one that leads out of root to OUTSIDE. */
static void make_root(void)
{
	char p[600];
	int fd;

	snprintf(root, sizeof(root), "%s/root", fuzz_dir());
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	snprintf(p, sizeof(p), "%s/dir", root);
	FUZZ_CHECK(mkdir(root, 0755) == 0 && mkdir(p, 0755) == 0, "mkdir");
	snprintf(p, sizeof(p), "%s/file", root);
	fd = open(p, O_WRONLY | O_CREAT, 0644);
	FUZZ_CHECK(fd >= 0 && write(fd, "hello, fuzzer\n", 14) == 14, "%s", p);
	close(fd);
	snprintf(p, sizeof(p), "%s/dir/inner", root);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	FUZZ_CHECK(fd >= 0, "%s", p);
	close(fd);
	snprintf(p, sizeof(p), "%s/link", root);
	FUZZ_CHECK(symlink("file", p) == 0, "%s", p);
	snprintf(p, sizeof(p), "%s/escape", root);
	FUZZ_CHECK(symlink("../" OUTSIDE, p) == 0, "%s", p);
}

/* The file next to root that no guest path may reach. */
static void make_outside(void)
{
	char p[600];
	int fd;

	snprintf(p, sizeof(p), "%s/" OUTSIDE, fuzz_dir());
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	FUZZ_CHECK(fd >= 0 && fchmod(fd, 0644) == 0 &&
		   write(fd, OUTSIDE_TEXT, strlen(OUTSIDE_TEXT)) ==
		   (ssize_t)strlen(OUTSIDE_TEXT), "%s", p);
	close(fd);
}

/* Nothing outside root changed: fuzz_dir holds root and OUTSIDE as
 * they were, and nothing else. */
static void check_outside(void)
{
	char p[600], buf[64];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(fuzz_dir());
	int fd, n;

	FUZZ_CHECK(d, "%s", fuzz_dir());
	while ((de = readdir(d)))
		FUZZ_CHECK(!strcmp(de->d_name, ".") ||
			   !strcmp(de->d_name, "..") ||
			   !strcmp(de->d_name, "root") ||
			   !strcmp(de->d_name, OUTSIDE), "the guest made %s "
			   "outside its root", de->d_name);
	closedir(d);
	snprintf(p, sizeof(p), "%s/" OUTSIDE, fuzz_dir());
	fd = open(p, O_RDONLY);
	n = fd >= 0 ? (int)read(fd, buf, sizeof(buf)) : -1;
	if (fd >= 0)
		close(fd);
	FUZZ_CHECK(n == (int)strlen(OUTSIDE_TEXT) &&
		   !memcmp(buf, OUTSIDE_TEXT, (size_t)n) && !stat(p, &st) &&
		   (st.st_mode & 07777) == 0644 && st.st_nlink == 1,
		   "the guest changed %s outside its root", p);
}

/* The calls the input picks by index: every number with a handler but
 * those that make or replace a process. */
static void list_calls(void)
{
	int nr;

	for (nr = 0; nr < NR_syscalls; nr++)
		if (sys_call_table[nr].fn && nr != __NR_fork &&
		    nr != __NR_vfork && nr != __NR_clone && nr != __NR_execve)
			calls[nr_calls++] = nr;
}

static void boot(void)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), r;

	make_outside();
	list_calls();
	FUZZ_CHECK(null >= 0, "/dev/null");
	devfs_set_tty_fds(null, null);
	strace_null = fopen("/dev/null", "w");
	FUZZ_CHECK(strace_null, "/dev/null");
	FUZZ_CHECK(mem_init(32ull << 20) == 0, "mem_init");
	FUZZ_CHECK(mmu_init(&mmu, ITLB_DEFAULT_ENTRIES, ITLB_DEFAULT_WAYS,
			    DTLB_DEFAULT_ENTRIES, DTLB_DEFAULT_WAYS) == 0,
		   "mmu_init");
	current_mmu = &mmu;
	FUZZ_CHECK(cpu_init(&mmu) == 0, "cpu_init");
	cpu_set_syscall_handler(do_syscall, NULL);
	FUZZ_CHECK(task_cache_init() == 0, "task_cache_init");
	timekeeping_init();
	for (r = 0; r <= CPU_GS; r++)
		regs_boot[r] = cpu_get_reg((enum cpu_reg)r);
	shrink_slab(~0ul, GFP_KERNEL);
	frames_boot = nr_free_pages();
	fds_boot = fuzz_nr_open_fds();
	booted = 1;
}

static long sc(uint32_t nr, const uint32_t a[6])
{
	cpu_set_reg(CPU_EAX, nr);
	cpu_set_reg(CPU_EBX, a[0]);
	cpu_set_reg(CPU_ECX, a[1]);
	cpu_set_reg(CPU_EDX, a[2]);
	cpu_set_reg(CPU_ESI, a[3]);
	cpu_set_reg(CPU_EDI, a[4]);
	cpu_set_reg(CPU_EBP, a[5]);
	do_syscall(NULL);
	return (int32_t)cpu_get_reg(CPU_EAX);
}

static void map_fixed(struct mm_struct *mm, uint32_t addr, uint32_t len,
		      int prot)
{
	FUZZ_CHECK(do_mmap_pgoff(mm, addr, len, prot, ANON | MAP_FIXED, 0,
				 NULL, NULL) == addr, "map 0x%x", addr);
}

/* The first process, as the run loop makes it (run.c). */
static struct task_struct *new_process(void)
{
	struct task_struct *tsk = alloc_task();
	struct mm_struct *mm = mm_alloc();
	uint32_t a[6] = { 0 };
	unsigned i;
	int r;

	FUZZ_CHECK(tsk && mm, "out of memory");
	for (r = 0; r <= CPU_GS; r++)
		cpu_set_reg((enum cpu_reg)r, regs_boot[r]);
	cpu_set_mm(mm);
	mm->start_data = BRK_START - 0x100000u;
	mm->end_data = BRK_START - 0x80000u;
	mm->start_brk = mm->brk = BRK_START;
	map_fixed(mm, DATA, DATA_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE);
	map_fixed(mm, RO, PAGE_SIZE, PROT_READ);
	map_fixed(mm, NONE, PAGE_SIZE, PROT_NONE);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		FUZZ_CHECK(access_process_vm(mm, DATA + i * SLOT,
					     (void *)paths[i],
					     (uint32_t)strlen(paths[i]) + 1, 1)
			   == (int)strlen(paths[i]) + 1, "path %u", i);
	FUZZ_CHECK(sys_task_init(tsk) == 0, "sys_task_init");
	FUZZ_CHECK(attach_pid(tsk) == 0, "attach_pid");
	tsk->pgrp = tsk->session = tsk->pid;
	tsk->uid = tsk->euid = 1000;
	tsk->gid = tsk->egid = 1000;
	tsk->mm = mm;
	tsk->state = TASK_RUNNING;
	strcpy(tsk->exe, "/bin/fuzz");
	strcpy(tsk->comm, "fuzz");
	current = tsk;
	sched_proc_register(1);
	cpu_set_reg(CPU_ESP, DATA + DATA_PAGES * PAGE_SIZE - 16);
	for (i = 0; i < 3; i++) {	/* the host's streams stay out */
		a[0] = i;
		FUZZ_CHECK(sc(__NR_close, a) == 0, "close %u", i);
	}
	return tsk;
}

static uint32_t arg(struct fuzz_in *in)
{
	switch (fuzz_u8(in) % 10) {
	case 0: return (uint32_t)(int8_t)fuzz_u8(in);
	case 1: return DATA + fuzz_u16(in) % (DATA_PAGES * PAGE_SIZE);
	case 2: return RO + fuzz_u16(in) % PAGE_SIZE;
	case 3: return NONE + fuzz_u8(in);
	case 4: return 0xc0000000u + fuzz_u16(in) * 0x1000u;
	case 5: return HOLE + fuzz_u8(in);
	case 6: return DATA + fuzz_u8(in) % (DATA_PAGES * PAGE_SIZE / SLOT) *
		       SLOT;
	case 7: return fuzz_u16(in);
	case 8: return 0xffffffffu - fuzz_u8(in);
	default: return fuzz_u32(in);
	}
}

static void poke(struct mm_struct *mm, struct fuzz_in *in)
{
	uint32_t off = fuzz_u16(in) % (DATA_PAGES * PAGE_SIZE);
	uint32_t len = 1 + fuzz_u8(in) % 64;

	if (len > in->n)
		len = (uint32_t)in->n;
	if (off + len > DATA_PAGES * PAGE_SIZE)
		len = DATA_PAGES * PAGE_SIZE - off;
	/* the calls may have unmapped or protected DATA: as far as it goes */
	access_process_vm(mm, DATA + off, (void *)in->p, len, 1);
	in->p += len;
	in->n -= len;
}

/* Sorted, disjoint, page-aligned VMAs in user space, counted right. */
static void check_vmas(struct mm_struct *mm)
{
	struct vm_area_struct *v;
	uint32_t last = 0;
	int n = 0;

	for (v = mm->mmap; v; v = v->vm_next, n++) {
		FUZZ_CHECK(v->vm_start >= last && v->vm_start < v->vm_end &&
			   v->vm_end <= TASK_SIZE &&
			   !(v->vm_start & ~PAGE_MASK) &&
			   !(v->vm_end & ~PAGE_MASK),
			   "VMA %d [0x%x-0x%x) after 0x%x", n, v->vm_start,
			   v->vm_end, last);
		FUZZ_CHECK(find_vma(mm, v->vm_start) == v, "rb tree misses "
			   "0x%x", v->vm_start);
		last = v->vm_end;
	}
	FUZZ_CHECK(n == mm->map_count, "%d VMAs, map_count %d", n,
		   mm->map_count);
}

static int alive(const struct task_struct *tsk)
{
	return tsk->state != EXIT_ZOMBIE && tsk->state != EXIT_DEAD;
}

/* As the run loop's exit_task: exit or a fatal signal only made the
 * task a zombie; do_exit lets its mm and files go. */
static void end_process(struct task_struct *tsk)
{
	if (alive(tsk) || tsk->mm || tsk->files) {
		tsk->state = EXIT_ZOMBIE;
		do_exit(tsk);
	}
	current = NULL;
	sched_proc_register(0);
	release_task(tsk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct task_struct *tsk;
	uint32_t a[6], nr;
	int ncalls = 0, i, rw;
	uint8_t op;

	if (!booted)
		boot();
	rw = fuzz_u8(&in) & 1;
	make_root();
	timekeeping_init();	/* each input's clock from 0, as a run's */
	FUZZ_CHECK(fs_boot(root, rw ? VFS_ROOT_RW : 0, 0) == 0, "fs_boot");
	syscall_set_seed(0);
	syscall_set_strace(getenv("FUZZ_VERBOSE") ? stderr : strace_null);
	tsk = new_process();
	while (fuzz_more(&in) && ncalls < MAX_CALLS && alive(tsk)) {
		op = fuzz_u8(&in);
		if (op < 24) {
			poke(tsk->mm, &in);
			continue;
		}
		if (op < 32) {
			cpu_set_reg(CPU_ESP, arg(&in));
			continue;
		}
		nr = op & 1 ? (uint32_t)calls[fuzz_u8(&in) % nr_calls] :
			      fuzz_u16(&in) % 512u;
		for (i = 0; i < 6; i++)
			a[i] = arg(&in);
		if (nr == __NR_fork || nr == __NR_vfork || nr == __NR_clone ||
		    nr == __NR_execve)
			continue;
		ncalls++;
		sc(nr, a);
		if (tsk->mm)
			check_vmas(tsk->mm);
	}
	syscall_set_strace(NULL);
	end_process(tsk);
	FUZZ_CHECK(nr_tasks == 0, "%d tasks left", nr_tasks);
	fs_shutdown();
	FUZZ_CHECK(nr_files() == 0, "%ld files open", nr_files());
	shrink_slab(~0ul, GFP_KERNEL);
	FUZZ_CHECK(swap_used_slots() == 0, "%lu swap slots used",
		   swap_used_slots());
	FUZZ_CHECK(nr_free_pages() == frames_boot, "%ld frames lost",
		   (long)frames_boot - (long)nr_free_pages());
	FUZZ_CHECK(fuzz_nr_open_fds() == fds_boot, "host fds %d, at boot %d",
		   fuzz_nr_open_fds(), fds_boot);
	check_outside();
	return 0;
}
