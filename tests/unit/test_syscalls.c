/*
 * test_syscalls.c - the system-call layer driven through its int 0x80
 * entry without running guest code: each test sets EAX and the argument
 * registers, calls do_syscall as the CPU's hook would, and checks EAX,
 * the task, the mm and guest memory (read back with access_process_vm).
 * The machine is booted for real (memory, MMU, CPU, an mm loaded in CR3,
 * the file systems over a fresh host directory as the guest's root), so
 * every copy to or from user space goes through the MMU and the fault
 * handler, every path through the VFS, and the teardown checks that
 * every frame came back once the file systems are unmounted.
 *
 * The machine and the helpers are sys_test.h's; the calls on files,
 * pipes and file mappings are tested in test_sys_files.c.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sys_test.h"

/* ----------------------------------------------------------- dispatch */

static void test_unknown_is_enosys(void **state)
{
	(void)state;
	assert_int_equal(SC0(999), -ENOSYS);
	assert_int_equal(SC0(NR_syscalls), -ENOSYS);
	assert_int_equal(SC0(0xffffffffu), -ENOSYS);
	assert_int_equal(SC0(0), -ENOSYS);		/* restart_syscall */
	assert_int_equal(SC4(__NR_rseq, DATA, 32, 0, 0x53053053), -ENOSYS);
	assert_int_equal(last_stop, CPU_SYSCALL_CONTINUE);
	assert_int_equal(tp->state, TASK_RUNNING);
}

static void test_exit_and_exit_group(void **state)
{
	(void)state;
	cpu_set_reg(CPU_EAX, __NR_exit_group);
	cpu_set_reg(CPU_EBX, 0x1234);
	assert_int_equal(do_syscall(NULL), CPU_SYSCALL_STOP);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, 0x34 << 8);

	tp->state = TASK_RUNNING;
	SC1(__NR_exit, 7);
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, 7 << 8);
}

/* ---------------------------------------------------------------- brk */

static void test_brk_grow_shrink(void **state)
{
	struct vm_area_struct *vma;

	(void)state;
	assert_int_equal(SC1(__NR_brk, 0), BRK_START);
	assert_int_equal(SC1(__NR_brk, BRK_START + 0x2100), BRK_START + 0x2100);
	vma = find_vma(mm, BRK_START);
	assert_non_null(vma);
	assert_int_equal(vma->vm_start, BRK_START);
	assert_int_equal(vma->vm_end, BRK_START + 3 * P);
	/* the new heap takes a store through the syscall path */
	assert_int_equal(SC2(__NR_clock_gettime, CLOCK_MONOTONIC_ID,
			     BRK_START + 0x20f8), 0);

	assert_int_equal(SC1(__NR_brk, BRK_START + 0x800), BRK_START + 0x800);
	assert_int_equal(find_vma(mm, BRK_START)->vm_end, BRK_START + P);
	assert_int_equal(SC2(__NR_clock_gettime, CLOCK_MONOTONIC_ID,
			     BRK_START + 0x1000), -EFAULT);
	/* below the start and into the kernel: the break stays */
	assert_int_equal(SC1(__NR_brk, BRK_START - P), BRK_START + 0x800);
	assert_int_equal(SC1(__NR_brk, 0xc0100000u), BRK_START + 0x800);
	/* not into the next mapping */
	assert_int_equal(SC1(__NR_brk, DATA + P), BRK_START + 0x800);
}

static void test_brk_rlimit_data(void **state)
{
	uint32_t lim[2] = { 0x100000u + 3 * P, 0xffffffffu };

	(void)state;
	poke(DATA, lim, sizeof(lim));
	assert_int_equal(SC2(__NR_setrlimit, RLIMIT_DATA, DATA), 0);
	/* start_data + limit = BRK_START + 3 pages */
	assert_int_equal(SC1(__NR_brk, BRK_START + 3 * P), BRK_START + 3 * P);
	assert_int_equal(SC1(__NR_brk, BRK_START + 3 * P + 1),
			 BRK_START + 3 * P);
}

/* --------------------------------------------------------------- mmap */

static void test_mmap2(void **state)
{
	struct vm_area_struct *vma;
	long a, b;

	(void)state;
	a = sc(__NR_mmap2, 0, 2 * P, PROT_READ | PROT_WRITE, ANON, -1, 0);
	assert_true(a > 0 && (a & (P - 1)) == 0);
	assert_true((uint32_t)a + 2 * P <= mm->mmap_base);
	vma = find_vma(mm, (uint32_t)a);
	assert_int_equal(vma->vm_start, a);
	assert_int_equal(vma->vm_end, a + 2 * P);
	assert_int_equal(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC),
			 VM_READ | VM_WRITE);
	/* top-down: the next one goes right below */
	b = sc(__NR_mmap2, 0, P, PROT_READ, ANON, -1, 0);
	assert_true(b < a);

	assert_int_equal(sc(__NR_mmap2, 0, 0, PROT_READ, ANON, -1, 0),
			 -EINVAL);
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, MAP_ANONYMOUS, -1,
			    0), -EINVAL);		/* no type */
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, MAP_PRIVATE, 1, 0),
			 -ENODEV);			/* a std stream */
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, MAP_PRIVATE, 9, 0),
			 -EBADF);
	assert_int_equal(sc(__NR_mmap2, 0x1000, P, PROT_READ,
			    ANON | MAP_FIXED, -1, 0), -EPERM);
	assert_int_equal(sc(__NR_mmap2, HOLE + 1, P, PROT_READ,
			    ANON | MAP_FIXED, -1, 0), -EINVAL);
	assert_int_equal(sc(__NR_mmap2, HOLE, P, PROT_READ,
			    ANON | MAP_FIXED, -1, 0), HOLE);
	assert_int_equal(sc(__NR_mmap2, HOLE, P, PROT_READ,
			    ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
}

static void test_old_mmap(void **state)
{
	uint32_t args[6] = { HOLE, 3 * P, PROT_READ | PROT_WRITE,
			     ANON | MAP_FIXED, (uint32_t)-1, 0 };

	(void)state;
	poke(DATA, args, sizeof(args));
	assert_int_equal(SC1(__NR_mmap, DATA), HOLE);
	assert_int_equal(find_vma(mm, HOLE)->vm_end, HOLE + 3 * P);
	args[5] = 100;				/* not page aligned */
	poke(DATA, args, sizeof(args));
	assert_int_equal(SC1(__NR_mmap, DATA), -EINVAL);
	assert_int_equal(SC1(__NR_mmap, HOLE + 64 * P), -EFAULT);
	assert_int_equal(SC1(__NR_mmap, 0xbffffff0u), -EFAULT);
}

static void test_munmap_mprotect(void **state)
{
	(void)state;
	map_fixed(HOLE, 4 * P, PROT_READ | PROT_WRITE);
	assert_int_equal(SC2(__NR_munmap, HOLE + 1, P), -EINVAL);
	assert_int_equal(SC2(__NR_munmap, HOLE, 0), -EINVAL);
	assert_int_equal(SC2(__NR_munmap, HOLE + P, P), 0);
	assert_null(find_vma_intersection(mm, HOLE + P, HOLE + 2 * P));
	/* a syscall writing there now gets EFAULT, not a signal */
	assert_int_equal(SC2(__NR_clock_gettime, 0, HOLE + P), -EFAULT);
	assert_int_equal(SC2(__NR_clock_gettime, 0, HOLE + 2 * P), 0);

	assert_int_equal(SC3(__NR_mprotect, HOLE, 4 * P, PROT_READ), -ENOMEM);
	assert_int_equal(SC3(__NR_mprotect, HOLE + 2 * P, 2 * P, PROT_READ),
			 0);
	assert_int_equal(SC2(__NR_clock_gettime, 0, HOLE + 2 * P), -EFAULT);
	assert_int_equal(SC3(__NR_mprotect, HOLE + 2 * P, P, 0x40), -EINVAL);
	assert_int_equal(SC3(__NR_mprotect, HOLE + 2 * P, P,
			     PROT_READ | PROT_WRITE), 0);
	assert_int_equal(SC2(__NR_clock_gettime, 0, HOLE + 2 * P), 0);
}

/* ------------------------------------------------------------- mremap */

static void fill(uint32_t va, uint32_t pages, uint8_t seed)
{
	uint8_t buf[P];
	uint32_t i;

	for (i = 0; i < pages; i++) {
		memset(buf, seed + i, P);
		poke(va + i * P, buf, P);
	}
}

static void check_fill(uint32_t va, uint32_t pages, uint8_t seed)
{
	uint8_t buf[P], want[P];
	uint32_t i;

	for (i = 0; i < pages; i++) {
		memset(want, seed + i, P);
		peek(va + i * P, buf, P);
		assert_memory_equal(buf, want, P);
	}
}

static void test_mremap_grow_in_place(void **state)
{
	unsigned long total = mm->total_vm;

	(void)state;
	map_fixed(HOLE, 2 * P, PROT_READ | PROT_WRITE);
	fill(HOLE, 2, 0x10);
	assert_int_equal(SC4(__NR_mremap, HOLE, 2 * P, 5 * P, 0), HOLE);
	assert_int_equal(find_vma(mm, HOLE)->vm_start, HOLE);
	assert_int_equal(find_vma(mm, HOLE)->vm_end, HOLE + 5 * P);
	assert_int_equal(mm->total_vm, total + 5);
	check_fill(HOLE, 2, 0x10);
	assert_int_equal(SC2(__NR_clock_gettime, 0, HOLE + 4 * P), 0);

	/* blocked by a mapping: no move allowed, no room */
	map_fixed(HOLE + 6 * P, P, PROT_READ);
	assert_int_equal(SC4(__NR_mremap, HOLE, 5 * P, 7 * P, 0), -ENOMEM);
	assert_int_equal(find_vma(mm, HOLE)->vm_end, HOLE + 5 * P);
	/* shrinking unmaps the tail */
	assert_int_equal(SC4(__NR_mremap, HOLE, 5 * P, P, 0), HOLE);
	assert_int_equal(find_vma(mm, HOLE)->vm_end, HOLE + P);
	assert_int_equal(mm->total_vm, total + 2);
}

static void test_mremap_move_keeps_frames(void **state)
{
	pte_t before[3];
	unsigned long free_before, total = mm->total_vm;
	long anon = mm->anon_rss;
	long to;
	int i;

	(void)state;
	map_fixed(HOLE, 3 * P, PROT_READ | PROT_WRITE);
	map_fixed(HOLE + 3 * P, P, PROT_READ);	/* in the way */
	fill(HOLE, 3, 0x40);
	for (i = 0; i < 3; i++)
		before[i] = pte_of(HOLE + i * P);
	free_before = nr_free_pages();

	to = SC4(__NR_mremap, HOLE, 3 * P, 8 * P, 1 /* MAYMOVE */);
	assert_true(to > 0 && (uint32_t)to != HOLE);
	assert_int_equal(find_vma(mm, (uint32_t)to)->vm_start, to);
	assert_int_equal(find_vma(mm, (uint32_t)to)->vm_end, to + 8 * P);
	assert_null(find_vma_intersection(mm, HOLE, HOLE + 3 * P));
	/* the same frames moved: no copy, nothing faulted */
	for (i = 0; i < 3; i++) {
		assert_int_equal(pte_pfn(pte_of((uint32_t)to + i * P)),
				 pte_pfn(before[i]));
		assert_int_equal(pte_of(HOLE + i * P), 0);
	}
	assert_int_equal(mm->anon_rss, anon + 3);
	assert_true(nr_free_pages() + 1 >= free_before);  /* a page table */
	assert_int_equal(mm->total_vm, total + 8 + 1);
	check_fill((uint32_t)to, 3, 0x40);
	/* the grown tail is demand-zero */
	assert_int_equal(SC2(__NR_clock_gettime, 0, (uint32_t)to + 7 * P), 0);

	/* MREMAP_FIXED: to a chosen place, replacing what is there */
	map_fixed(HOLE + 16 * P, P, PROT_READ);
	assert_int_equal(sc(__NR_mremap, (uint32_t)to, 3 * P, 3 * P, 3,
			    HOLE + 16 * P, 0), HOLE + 16 * P);
	check_fill(HOLE + 16 * P, 3, 0x40);
	assert_int_equal(find_vma(mm, (uint32_t)to)->vm_start, to + 3 * P);
}

static void test_mremap_errors(void **state)
{
	(void)state;
	map_fixed(HOLE, 2 * P, PROT_READ | PROT_WRITE);
	assert_int_equal(SC4(__NR_mremap, HOLE + 1, P, 2 * P, 1), -EINVAL);
	assert_int_equal(SC4(__NR_mremap, HOLE, P, 0, 1), -EINVAL);
	assert_int_equal(SC4(__NR_mremap, HOLE, P, 2 * P, 8), -EINVAL);
	assert_int_equal(SC5(__NR_mremap, HOLE, P, 2 * P, 2, HOLE + 8 * P),
			 -EINVAL);			/* FIXED alone */
	assert_int_equal(SC5(__NR_mremap, HOLE, 2 * P, 2 * P, 3, HOLE + P),
			 -EINVAL);			/* overlapping */
	assert_int_equal(SC4(__NR_mremap, HOLE + 64 * P, P, 2 * P, 1),
			 -EFAULT);			/* nothing there */
	assert_int_equal(SC4(__NR_mremap, HOLE, 3 * P, 4 * P, 1), -EFAULT);
	assert_int_equal(SC4(__NR_mremap, HOLE, 0, 2 * P, 1), -EINVAL);
	assert_int_equal(find_vma(mm, HOLE)->vm_end, HOLE + 2 * P);
}

/* ------------------------------------------------------------ madvise */

static void test_madvise(void **state)
{
	uint8_t buf[16], zero[16] = { 0 };
	long anon;

	(void)state;
	map_fixed(HOLE, 4 * P, PROT_READ | PROT_WRITE);
	fill(HOLE, 4, 0x70);
	anon = mm->anon_rss;
	assert_int_equal(SC3(__NR_madvise, HOLE + P, 2 * P, 4), 0);
	assert_int_equal(mm->anon_rss, anon - 2);
	assert_int_equal(pte_of(HOLE + P), 0);
	peek(HOLE + P, buf, sizeof(buf));
	assert_memory_equal(buf, zero, sizeof(buf));
	check_fill(HOLE, 1, 0x70);
	check_fill(HOLE + 3 * P, 1, 0x73);

	assert_int_equal(SC3(__NR_madvise, HOLE, P, 3 /* WILLNEED */), 0);
	assert_int_equal(SC3(__NR_madvise, HOLE, P, 5), -EINVAL);
	assert_int_equal(SC3(__NR_madvise, HOLE, P, 99), -EINVAL);
	assert_int_equal(SC3(__NR_madvise, HOLE + 1, P, 4), -EINVAL);
	assert_int_equal(SC3(__NR_madvise, HOLE, 0, 4), 0);
	/* a hole in the range: the mapped part is done, then ENOMEM */
	assert_int_equal(SC3(__NR_madvise, HOLE + 3 * P, 2 * P, 4), -ENOMEM);
	assert_int_equal(pte_of(HOLE + 3 * P), 0);
}

/* --------------------------------------------------------- identity */

static void test_uname(void **state)
{
	char u[6][65];

	(void)state;
	memset(u, 'x', sizeof(u));
	poke(DATA, u, sizeof(u));
	assert_int_equal(SC1(__NR_uname, DATA), 0);
	peek(DATA, u, sizeof(u));
	assert_string_equal(u[0], "Linux");
	assert_string_equal(u[1], "i386mm");
	assert_string_equal(u[2], "2.6.24-i386mm");
	assert_string_equal(u[3], "#1 SMP");
	assert_string_equal(u[4], "i686");
	assert_string_equal(u[5], "(none)");
	assert_int_equal(u[0][64], 0);		/* padded with NULs */
	assert_int_equal(SC1(__NR_uname, 0), -EFAULT);
	assert_int_equal(SC1(__NR_uname, RO), -EFAULT);
	/* the tail past the mapping: part copied, still EFAULT */
	assert_int_equal(SC1(__NR_uname, DATA + DATA_PAGES * P - 100),
			 -EFAULT);
}

static void test_ids(void **state)
{
	(void)state;
	tp->pid = 101;
	tp->uid = 70000;
	tp->gid = 5;
	tp->euid = 0;
	tp->egid = 6;
	assert_int_equal(SC0(__NR_getpid), 100);
	assert_int_equal(SC0(__NR_gettid), 101);
	assert_int_equal(SC0(__NR_getppid), 1);
	assert_int_equal(SC0(__NR_getuid32), 70000);
	assert_int_equal(SC0(__NR_getuid), 65534);	/* overflowuid */
	assert_int_equal(SC0(__NR_getgid32), 5);
	assert_int_equal(SC0(__NR_getgid), 5);
	assert_int_equal(SC0(__NR_geteuid32), 0);
	assert_int_equal(SC0(__NR_geteuid), 0);
	assert_int_equal(SC0(__NR_getegid32), 6);
	assert_int_equal(SC0(__NR_getegid), 6);
	assert_int_equal(SC1(__NR_set_tid_address, DATA + 8), 101);
	assert_int_equal(tp->clear_child_tid, DATA + 8);
	assert_int_equal(SC2(__NR_set_robust_list, DATA + 16, 12), 0);
	assert_int_equal(tp->robust_list, DATA + 16);
	assert_int_equal(SC2(__NR_set_robust_list, DATA, 24), -EINVAL);
	assert_int_equal(SC0(__NR_sched_yield), 0);
}

/* ---------------------------------------------------------- getrandom */

static void test_getrandom_deterministic(void **state)
{
	uint8_t a[40], b[40], c[40];
	uint64_t first;

	(void)state;
	syscall_set_seed(0);
	assert_int_equal(SC3(__NR_getrandom, DATA, 40, 1), 40);
	peek(DATA, a, 40);
	/* splitmix64's first output for seed 0, little-endian */
	memcpy(&first, a, 8);
	assert_true(first == 0xe220a8397b1dcdafull);
	/* the stream goes on */
	assert_int_equal(SC3(__NR_getrandom, DATA, 40, 0), 40);
	peek(DATA, b, 40);
	assert_memory_not_equal(a, b, 40);
	/* the same seed, the same bytes; another seed, others */
	syscall_set_seed(0);
	assert_int_equal(SC3(__NR_getrandom, DATA, 40, 0), 40);
	peek(DATA, b, 40);
	assert_memory_equal(a, b, 40);
	syscall_set_seed(12345);
	assert_int_equal(SC3(__NR_getrandom, DATA, 40, 0), 40);
	peek(DATA, c, 40);
	assert_memory_not_equal(a, c, 40);

	assert_int_equal(SC3(__NR_getrandom, DATA, 4, 8), -EINVAL);
	assert_int_equal(SC3(__NR_getrandom, DATA, 4, 6), -EINVAL);
	assert_int_equal(SC3(__NR_getrandom, HOLE, 4, 0), -EFAULT);
	assert_int_equal(SC3(__NR_getrandom, DATA, 0, 0), 0);
}

/* ------------------------------------------------------------- clocks */

static int64_t gettime64(int clock)
{
	int64_t ts[2];

	assert_int_equal(SC2(__NR_clock_gettime64, clock, DATA), 0);
	peek(DATA, ts, sizeof(ts));
	assert_true(ts[1] >= 0 && ts[1] < NSEC_PER_SEC);
	return ts[0] * NSEC_PER_SEC + ts[1];
}

static void test_virtual_clock(void **state)
{
	int32_t ts32[2], tv[2], req[2];
	int64_t req64[2];

	(void)state;
	assert_int_equal(cpu_get_stats()->blocks, 0);
	assert_true(gettime64(CLOCK_REALTIME_ID) ==
		    VCLOCK_EPOCH * NSEC_PER_SEC);
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 0);
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 0);	/* no drift */

	req[0] = 1;
	req[1] = 500000000;
	poke(DATA + 64, req, sizeof(req));
	assert_int_equal(SC2(__NR_nanosleep, DATA + 64, 0), 0);
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 1500000000ll);
	assert_true(gettime64(CLOCK_BOOTTIME_ID) == 1500000000ll);
	assert_true(gettime64(CLOCK_REALTIME_ID) ==
		    VCLOCK_EPOCH * NSEC_PER_SEC + 1500000000ll);

	/* absolute: until 3 s; a time already past does not go back */
	req64[0] = 3;
	req64[1] = 0;
	poke(DATA + 64, req64, sizeof(req64));
	assert_int_equal(SC4(__NR_clock_nanosleep_time64, CLOCK_MONOTONIC_ID,
			     1, DATA + 64, 0), 0);
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 3 * NSEC_PER_SEC);
	assert_int_equal(SC4(__NR_clock_nanosleep_time64, CLOCK_MONOTONIC_ID,
			     1, DATA + 64, 0), 0);
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 3 * NSEC_PER_SEC);

	assert_int_equal(SC2(__NR_clock_gettime, CLOCK_REALTIME_ID, DATA), 0);
	peek(DATA, ts32, sizeof(ts32));
	assert_int_equal(ts32[0], VCLOCK_EPOCH + 3);
	assert_int_equal(ts32[1], 0);
	assert_int_equal(SC2(__NR_gettimeofday, DATA, DATA + 8), 0);
	peek(DATA, tv, sizeof(tv));
	assert_int_equal(tv[0], VCLOCK_EPOCH + 3);
	assert_int_equal(tv[1], 0);
	assert_int_equal(peek32(DATA + 8), 0);
	assert_int_equal(SC1(__NR_time, DATA + 16), VCLOCK_EPOCH + 3);
	assert_int_equal(peek32(DATA + 16), VCLOCK_EPOCH + 3);
	assert_int_equal(SC1(__NR_time, 0), VCLOCK_EPOCH + 3);
	assert_int_equal(SC2(__NR_clock_getres, CLOCK_MONOTONIC_ID, DATA), 0);
	peek(DATA, ts32, sizeof(ts32));
	assert_int_equal(ts32[0], 0);
	assert_int_equal(ts32[1], 1);

	/* errors */
	assert_int_equal(SC2(__NR_clock_gettime64, 10, DATA), -EINVAL);
	assert_int_equal(SC2(__NR_clock_gettime64, 0, RO), -EFAULT);
	req[0] = 0;
	req[1] = 1000000000;
	poke(DATA + 64, req, sizeof(req));
	assert_int_equal(SC2(__NR_nanosleep, DATA + 64, 0), -EINVAL);
	req[0] = -1;
	req[1] = 0;
	poke(DATA + 64, req, sizeof(req));
	assert_int_equal(SC2(__NR_nanosleep, DATA + 64, 0), -EINVAL);
	assert_int_equal(SC2(__NR_nanosleep, HOLE, 0), -EFAULT);
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 3 * NSEC_PER_SEC);

	/* a fresh boot reads the same times again */
	timekeeping_init();
	assert_true(gettime64(CLOCK_MONOTONIC_ID) == 0);
}

/*
 * Guest code: 1000 turns of a one-block loop, clock_gettime(MONOTONIC,
 * DATA), exit(0):
 *	mov $1000,%ecx; 1: dec %ecx; jnz 1b
 *	mov $265,%eax; mov $1,%ebx; mov $0x10000000,%ecx; int $0x80
 *	mov $1,%eax; xor %ebx,%ebx; int $0x80
 */
static const uint8_t spin_then_gettime[] = {
	0xb9, 0xe8, 0x03, 0x00, 0x00, 0x49, 0x75, 0xfd, 0xb8, 0x09, 0x01,
	0x00, 0x00, 0xbb, 0x01, 0x00, 0x00, 0x00, 0xb9, 0x00, 0x00, 0x00,
	0x10, 0xcd, 0x80, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xdb, 0xcd,
	0x80,
};

static void test_virtual_clock_follows_blocks(void **state)
{
	struct cpu_exit ex;
	int32_t ts[2];
	uint64_t blocks;

	(void)state;
	map_fixed(CODE, P, PROT_READ | PROT_WRITE | PROT_EXEC);
	poke(CODE, spin_then_gettime, sizeof(spin_then_gettime));
	cpu_set_reg(CPU_EIP, CODE);
	assert_int_equal(cpu_run(100000, &ex), 0);
	assert_int_equal(ex.reason, CPU_EXIT_SYSCALL);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	blocks = cpu_get_stats()->blocks;
	assert_true(blocks >= 1000 && blocks < 1010);
	peek(DATA, ts, sizeof(ts));
	/* every block so far but the exit's own, at 10 ns each */
	assert_int_equal(ts[0], 0);
	assert_int_equal(ts[1], (blocks - 1) * VCLOCK_NS_PER_BLOCK);
}

/* -------------------------------------------------------------- TLS */

static void test_set_thread_area(void **state)
{
	uint32_t ud[4] = { (uint32_t)-1, 0x12345000u, 0xfffff, 0x51 };
	uint32_t got[4];
	unsigned want;

	(void)state;
	for (want = GDT_ENTRY_TLS_MIN; want <= GDT_ENTRY_TLS_MAX; want++) {
		ud[0] = (uint32_t)-1;
		ud[1] = 0x12345000u + want;
		poke(DATA, ud, sizeof(ud));
		assert_int_equal(SC1(__NR_set_thread_area, DATA), 0);
		assert_int_equal(peek32(DATA), want);	/* written back */
		assert_true(cpu_get_tls_desc(want) != 0);
	}
	ud[0] = (uint32_t)-1;
	poke(DATA, ud, sizeof(ud));
	assert_int_equal(SC1(__NR_set_thread_area, DATA), -ESRCH);

	/* get_thread_area gives the fields back */
	poke(DATA, &(uint32_t){ GDT_ENTRY_TLS_MIN + 1 }, 4);
	assert_int_equal(SC1(__NR_get_thread_area, DATA), 0);
	peek(DATA, got, sizeof(got));
	assert_int_equal(got[0], GDT_ENTRY_TLS_MIN + 1);
	assert_int_equal(got[1], 0x12345000u + GDT_ENTRY_TLS_MIN + 1);
	assert_int_equal(got[2], 0xfffff);
	assert_int_equal(got[3], 0x51);

	/* an "empty" descriptor clears the entry */
	ud[0] = GDT_ENTRY_TLS_MIN;
	ud[1] = ud[2] = 0;
	ud[3] = 0x28;
	poke(DATA, ud, sizeof(ud));
	assert_int_equal(SC1(__NR_set_thread_area, DATA), 0);
	assert_true(cpu_get_tls_desc(GDT_ENTRY_TLS_MIN) == 0);

	ud[0] = 5;
	poke(DATA, ud, sizeof(ud));
	assert_int_equal(SC1(__NR_set_thread_area, DATA), -EINVAL);
	poke(DATA, &(uint32_t){ 9 }, 4);
	assert_int_equal(SC1(__NR_get_thread_area, DATA), -EINVAL);
	assert_int_equal(SC1(__NR_set_thread_area, 0), -EFAULT);
	assert_int_equal(SC1(__NR_get_thread_area, HOLE), -EFAULT);
}

/* ---------------------------------------------------------- readlink */

static void test_readlink_proc_self_exe(void **state)
{
	static const char exe[] = "/bin/guest-program";
	char buf[64];

	(void)state;
	poke_str(DATA, "/proc/self/exe");
	memset(buf, '#', sizeof(buf));
	poke(DATA + 256, buf, sizeof(buf));
	assert_int_equal(SC3(__NR_readlink, DATA, DATA + 256, 4096),
			 strlen(exe));
	peek(DATA + 256, buf, sizeof(buf));
	assert_memory_equal(buf, exe, strlen(exe));
	assert_int_equal(buf[strlen(exe)], '#');	/* no NUL added */
	assert_int_equal(SC3(__NR_readlink, DATA, DATA + 256, 4), 4);
	assert_int_equal(SC3(__NR_readlink, DATA, DATA + 256, 0), -EINVAL);
	assert_int_equal(SC3(__NR_readlink, DATA, RO, 64), -EFAULT);

	poke_str(DATA, "/proc/100/exe");
	assert_int_equal(SC3(__NR_readlink, DATA, DATA + 256, 64),
			 strlen(exe));
	poke_str(DATA, "proc/self/exe");
	assert_int_equal(SC4(__NR_readlinkat, GUEST_AT_FDCWD, DATA,
			     DATA + 256, 64), strlen(exe));
	assert_int_equal(SC4(__NR_readlinkat, 1, DATA, DATA + 256, 64),
			 -ENOTDIR);
	assert_int_equal(SC4(__NR_readlinkat, 9, DATA, DATA + 256, 64),
			 -EBADF);
	poke_str(DATA, "/proc/self/cwd");
	assert_int_equal(SC3(__NR_readlink, DATA, DATA + 256, 64), -ENOENT);
	poke_str(DATA, "");
	assert_int_equal(SC3(__NR_readlink, DATA, DATA + 256, 64), -ENOENT);
	assert_int_equal(SC3(__NR_readlink, HOLE, DATA + 256, 64), -EFAULT);
}

/* -------------------------------------------------------------- paths */

static void test_paths_enoent(void **state)
{
	char big[PATH_MAX + 8];

	(void)state;
	poke_str(DATA, "/etc/passwd");
	assert_int_equal(SC3(__NR_open, DATA, 0, 0), -ENOENT);
	assert_int_equal(SC4(__NR_openat, GUEST_AT_FDCWD, DATA, 0, 0), -ENOENT);
	assert_int_equal(SC2(__NR_access, DATA, 4), -ENOENT);
	assert_int_equal(SC2(__NR_access, DATA, 8), -EINVAL);
	assert_int_equal(SC3(__NR_faccessat, GUEST_AT_FDCWD, DATA, 0), -ENOENT);
	assert_int_equal(SC2(__NR_stat64, DATA, DATA + 512), -ENOENT);
	assert_int_equal(SC2(__NR_lstat64, DATA, DATA + 512), -ENOENT);
	assert_int_equal(SC3(__NR_open, HOLE, 0, 0), -EFAULT);
	assert_int_equal(SC3(__NR_open, 0xbffffffeu, 0, 0), -EFAULT);
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = 0;
	poke(DATA, big, sizeof(big));
	assert_int_equal(SC3(__NR_open, DATA, 0, 0), -ENAMETOOLONG);

	assert_int_equal(SC2(__NR_getcwd, DATA, 64), 2);
	assert_int_equal(peek32(DATA) & 0xffff, '/');	/* "/" and its NUL */
	assert_int_equal(SC2(__NR_getcwd, DATA, 1), -ERANGE);
	assert_int_equal(SC2(__NR_getcwd, RO, 64), -EFAULT);
}

/* ------------------------------------------------------- bad pointers */

static void test_bad_pointers_are_efault(void **state)
{
	uint32_t bad[] = { 0x1000, HOLE, NONE, 0xc0000000u, 0xfffffff0u };
	unsigned i;

	(void)state;
	/* NULL is "no argument" for some calls, a bad pointer for others */
	assert_int_equal(SC1(__NR_uname, 0), -EFAULT);
	assert_int_equal(SC2(__NR_clock_gettime64, 0, 0), -EFAULT);
	assert_int_equal(SC2(__NR_gettimeofday, 0, 0), 0);
	assert_int_equal(SC4(__NR_rt_sigaction, 2, 0, 0, 8), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(SC3(__NR_write, 2, bad[i], 16), -EFAULT);
		assert_int_equal(SC1(__NR_uname, bad[i]), -EFAULT);
		assert_int_equal(SC2(__NR_clock_gettime64, 0, bad[i]), -EFAULT);
		assert_int_equal(SC2(__NR_gettimeofday, bad[i], 0), -EFAULT);
		assert_int_equal(SC2(__NR_ugetrlimit, 3, bad[i]), -EFAULT);
		assert_int_equal(SC2(__NR_setrlimit, 3, bad[i]), -EFAULT);
		assert_int_equal(SC4(__NR_rt_sigaction, 2, bad[i], 0, 8),
				 -EFAULT);
		assert_int_equal(SC4(__NR_rt_sigprocmask, 0, bad[i], 0, 8),
				 -EFAULT);
		assert_int_equal(SC2(__NR_sigaltstack, bad[i], 0), -EFAULT);
		assert_int_equal(SC1(__NR_set_thread_area, bad[i]), -EFAULT);
		assert_int_equal(SC2(__NR_fstat64, 1, bad[i]), -EFAULT);
		assert_int_equal(SC3(__NR_writev, 1, bad[i], 1), -EFAULT);
		assert_int_equal(SC2(__NR_stat64, bad[i], DATA), -EFAULT);
		assert_int_equal(SC3(__NR_getrandom, bad[i], 8, 0), -EFAULT);
	}
	/* an iovec whose buffer is bad */
	poke(DATA, (uint32_t[]){ HOLE, 4 }, 8);
	assert_int_equal(SC3(__NR_writev, 1, DATA, 1), -EFAULT);
	/* a crossing into the kernel half is refused before any copy */
	assert_int_equal(SC3(__NR_write, 1, 0xbffffffcu, 8), -EFAULT);
	assert_int_equal(tp->state, TASK_RUNNING);
}

/* ----------------------------------------------------- standard streams */

static void test_write_to_stdout(void **state)
{
	static const char msg[] = "hello, world\n";
	struct redirect r;
	char got[64];
	ssize_t n;

	(void)state;
	poke(DATA, msg, sizeof(msg) - 1);
	poke(DATA + 100, "two ", 4);
	poke(DATA + 200, "parts\n", 6);
	poke(DATA + 300, (uint32_t[]){ DATA + 100, 4, DATA + 200, 6 }, 16);

	redirect_begin(&r, 1);
	assert_int_equal(SC3(__NR_write, 1, DATA, sizeof(msg) - 1),
			 sizeof(msg) - 1);
	assert_int_equal(SC3(__NR_writev, 1, DATA + 300, 2), 10);
	assert_int_equal(SC3(__NR_write, 1, DATA, 0), 0);
	n = read(r.pipe[0], got, sizeof(got));
	redirect_end(&r);
	assert_int_equal(n, sizeof(msg) - 1 + 10);
	assert_memory_equal(got, "hello, world\ntwo parts\n", n);

	assert_int_equal(SC3(__NR_writev, 1, DATA + 300, 1025), -EINVAL);
	assert_int_equal(SC3(__NR_write, 7, DATA, 1), -EBADF);
	assert_int_equal(SC3(__NR_write, -1, DATA, 1), -EBADF);
}

static void test_close_keeps_host_stream(void **state)
{
	(void)state;
	assert_int_equal(SC1(__NR_close, 1), 0);
	assert_int_equal(SC1(__NR_close, 1), -EBADF);
	assert_int_equal(SC3(__NR_write, 1, DATA, 1), -EBADF);
	assert_true(fcntl(1, F_GETFD) >= 0);	/* the host's is open */
	/* dup gives the lowest free fd: 1 again, on the host's stderr */
	assert_int_equal(SC1(__NR_dup, 2), 1);
	assert_int_equal(host_stream_fd(fcheck_files(tp->files, 1)), 2);
	assert_ptr_equal(fcheck_files(tp->files, 1),
			 fcheck_files(tp->files, 2));	/* one open file */
	assert_int_equal(SC2(__NR_dup2, 0, 5), 5);
	assert_int_equal(host_stream_fd(fcheck_files(tp->files, 5)), 0);
	assert_int_equal(SC3(__NR_dup3, 0, 5, 0), 5);
	assert_int_equal(SC3(__NR_dup3, 5, 5, 0), -EINVAL);
	assert_int_equal(SC3(__NR_dup3, 0, 6, 02000000), 6);
	assert_int_equal(SC3(__NR_fcntl64, 6, 1 /* F_GETFD */, 0), 1);
	assert_int_equal(SC3(__NR_fcntl64, 0, 0 /* F_DUPFD */, 10), 10);
	/* the table grows past its first 32 fds, up to RLIMIT_NOFILE */
	assert_int_equal(SC2(__NR_dup2, 0, 40), 40);
	assert_int_equal(SC2(__NR_dup2, 0, 1023), 1023);
	assert_int_equal(SC2(__NR_dup2, 0, 1024), -EBADF);
	assert_int_equal(SC2(__NR_dup2, 0, 5000), -EBADF);
	assert_int_equal(SC2(__NR_dup2, 9, 3), -EBADF);
	assert_int_equal(SC3(__NR_fcntl64, 0, 999, 0), -EINVAL);
}

static void test_read_from_stdin(void **state)
{
	struct redirect r;
	char got[8];

	(void)state;
	redirect_begin(&r, 0);
	assert_int_equal(write(r.pipe[1], "abc", 3), 3);
	close(r.pipe[1]);
	r.pipe[1] = -1;
	assert_int_equal(SC3(__NR_read, 0, DATA, 100), 3);
	peek(DATA, got, 3);
	assert_memory_equal(got, "abc", 3);
	assert_int_equal(SC3(__NR_read, 0, DATA, 100), 0);	/* EOF */
	assert_int_equal(SC3(__NR_read, 0, RO, 100), 0);
	assert_int_equal(SC3(__NR_read, 0, 0xbfffff00u, 0x200), -EFAULT);
	redirect_end(&r);
}

static void test_stat_and_ioctl_of_a_pipe(void **state)
{
	struct redirect r;
	uint32_t st[24], sx[64];

	(void)state;
	redirect_begin(&r, 1);
	sys_task_exit(tp);	/* fds 0-2 again, on the redirected stdout */
	assert_int_equal(sys_task_init(tp), 0);
	assert_int_equal(SC2(__NR_fstat64, 1, DATA), 0);
	peek(DATA, st, sizeof(st));
	assert_int_equal(st[4] & S_IFMT, S_IFIFO);	/* st_mode */
	assert_int_equal(st[5], 1);			/* st_nlink */
	assert_int_equal(st[6], 1000);			/* st_uid */
	assert_int_equal(st[13], PAGE_SIZE);		/* st_blksize */
	assert_int_equal(st[16], VCLOCK_EPOCH);		/* st_atime */

	poke_str(DATA + 512, "");
	assert_int_equal(SC5(__NR_statx, 1, DATA + 512, 0x1000, 0x7ff, DATA),
			 0);
	peek(DATA, sx, sizeof(sx));
	assert_int_equal(sx[0], 0x7ff);			/* stx_mask */
	assert_int_equal(sx[1], PAGE_SIZE);		/* stx_blksize */
	assert_int_equal(sx[7] & 0xffff & S_IFMT, S_IFIFO);
	assert_int_equal(SC5(__NR_statx, 1, DATA + 512, 0, 0x7ff, DATA),
			 -ENOENT);
	assert_int_equal(SC5(__NR_statx, 9, DATA + 512, 0x1000, 0x7ff, DATA),
			 -EBADF);
	assert_int_equal(SC5(__NR_statx, 1, DATA + 512, 0x6000, 0x7ff, DATA),
			 -EINVAL);
	assert_int_equal(SC4(__NR_fstatat64, 1, DATA + 512, DATA, 0x1000), 0);
	assert_int_equal(SC2(__NR_fstat64, 12, DATA), -EBADF);

	assert_int_equal(SC3(__NR_ioctl, 1, 0x5401, DATA), -ENOTTY);
	assert_int_equal(SC3(__NR_ioctl, 1, 0x5413, DATA), -ENOTTY);
	assert_int_equal(SC3(__NR_ioctl, 12, 0x5401, DATA), -EBADF);
	assert_int_equal(SC3(__NR_fcntl64, 1, 3 /* F_GETFL */, 0) &
			 O_ACCMODE, O_WRONLY);
	redirect_end(&r);
}

/* ----------------------------------------------------------- rlimits */

static void test_rlimits(void **state)
{
	uint32_t r32[2];
	uint64_t r64[2];

	(void)state;
	assert_int_equal(SC2(__NR_ugetrlimit, RLIMIT_STACK, DATA), 0);
	peek(DATA, r32, sizeof(r32));
	assert_int_equal(r32[0], 8u << 20);
	assert_int_equal(r32[1], 0xffffffffu);
	assert_int_equal(SC2(__NR_getrlimit, RLIMIT_STACK, DATA), 0);
	peek(DATA, r32, sizeof(r32));
	assert_int_equal(r32[1], 0x7fffffffu);	/* the old call clamps */
	assert_int_equal(SC2(__NR_ugetrlimit, RLIMIT_NOFILE, DATA), 0);
	peek(DATA, r32, sizeof(r32));
	assert_int_equal(r32[0], 1024);

	r64[0] = 16u << 20;
	r64[1] = ~0ull;
	poke(DATA, r64, sizeof(r64));
	assert_int_equal(SC4(__NR_prlimit64, 0, RLIMIT_STACK, DATA,
			     DATA + 64), 0);
	peek(DATA + 64, r64, sizeof(r64));
	assert_true(r64[0] == 8u << 20 && r64[1] == ~0ull);
	assert_int_equal(mm->stack_limit, 16u << 20);
	assert_true(tp->rlim[RLIMIT_STACK].rlim_cur == 16u << 20);

	r32[0] = 2;
	r32[1] = 1;
	poke(DATA, r32, sizeof(r32));
	assert_int_equal(SC2(__NR_setrlimit, RLIMIT_CORE, DATA), -EINVAL);
	r32[0] = 1;
	r32[1] = 5000;			/* above the hard 1024, not root */
	poke(DATA, r32, sizeof(r32));
	assert_int_equal(SC2(__NR_setrlimit, RLIMIT_NOFILE, DATA), -EPERM);
	r32[1] = 100;			/* lowering is fine */
	poke(DATA, r32, sizeof(r32));
	assert_int_equal(SC2(__NR_setrlimit, RLIMIT_NOFILE, DATA), 0);
	assert_int_equal(SC2(__NR_ugetrlimit, 16, DATA), -EINVAL);
	assert_int_equal(SC4(__NR_prlimit64, 999, RLIMIT_STACK, 0, DATA),
			 -ESRCH);
	assert_int_equal(SC4(__NR_prlimit64, 100, RLIMIT_NOFILE, 0, DATA),
			 0);
	peek(DATA, r64, sizeof(r64));
	assert_true(r64[0] == 1 && r64[1] == 100);
}

/* ----------------------------------------------------------- signals */

static void test_signal_state_recorded(void **state)
{
	uint32_t act[5] = { 0x08049000u, 0x04000000u, 0x08049100u,
			    0xffffffffu, 0xffffffffu };
	uint32_t old[5], ss[3];
	uint64_t set, oset;

	(void)state;
	poke(DATA, act, sizeof(act));
	assert_int_equal(SC4(__NR_rt_sigaction, 2, DATA, DATA + 64, 8), 0);
	peek(DATA + 64, old, sizeof(old));
	assert_int_equal(old[0], 0);		/* SIG_DFL before */
	assert_int_equal(tp->sigaction[1].handler, 0x08049000u);
	/* SIGKILL and SIGSTOP can never be blocked, not even by a mask */
	assert_true(tp->sigaction[1].mask == ~((1ull << 8) | (1ull << 18)));
	assert_int_equal(SC4(__NR_rt_sigaction, 2, 0, DATA + 64, 8), 0);
	peek(DATA + 64, old, sizeof(old));
	assert_int_equal(old[0], 0x08049000u);
	assert_int_equal(old[2], 0x08049100u);
	assert_int_equal(SC4(__NR_rt_sigaction, 9, DATA, 0, 8), -EINVAL);
	assert_int_equal(SC4(__NR_rt_sigaction, 9, 0, DATA + 64, 8), 0);
	assert_int_equal(SC4(__NR_rt_sigaction, 65, 0, 0, 8), -EINVAL);
	assert_int_equal(SC4(__NR_rt_sigaction, 2, DATA, 0, 4), -EINVAL);

	set = ~0ull;
	poke(DATA, &set, 8);
	assert_int_equal(SC4(__NR_rt_sigprocmask, 0, DATA, DATA + 8, 8), 0);
	assert_true(tp->blocked == ~((1ull << 8) | (1ull << 18)));
	peek(DATA + 8, &oset, 8);
	assert_true(oset == 0);
	set = 1ull << 1;
	poke(DATA, &set, 8);
	assert_int_equal(SC4(__NR_rt_sigprocmask, 1, DATA, 0, 8), 0);
	assert_true(tp->blocked == ~((1ull << 8) | (1ull << 18) | 2));
	assert_int_equal(SC4(__NR_rt_sigprocmask, 7, DATA, 0, 8), -EINVAL);

	assert_int_equal(SC2(__NR_sigaltstack, 0, DATA), 0);
	peek(DATA, ss, sizeof(ss));
	assert_int_equal(ss[1], 2);		/* SS_DISABLE */
	ss[0] = DATA + P;
	ss[1] = 0;
	ss[2] = 1024;
	poke(DATA, ss, sizeof(ss));
	assert_int_equal(SC2(__NR_sigaltstack, DATA, 0), -ENOMEM);
	ss[2] = 8192;
	poke(DATA, ss, sizeof(ss));
	assert_int_equal(SC2(__NR_sigaltstack, DATA, DATA + 32), 0);
	assert_int_equal(tp->sas_ss_sp, DATA + P);
	assert_int_equal(tp->sas_ss_size, 8192);
	ss[1] = 4;
	poke(DATA, ss, sizeof(ss));
	assert_int_equal(SC2(__NR_sigaltstack, DATA, 0), -EINVAL);
}

/* ------------------------------------------------------------ uaccess */

static void test_uaccess_breaks_cow_and_counts_tlb(void **state)
{
	uint8_t two[2 * P];
	uint64_t before;
	pte_t pte;

	(void)state;
	map_fixed(HOLE, 2 * P, PROT_READ | PROT_WRITE);
	/* a read maps the shared zero page, read-only */
	assert_int_equal(SC3(__NR_write, 2, HOLE, 0), 0);
	peek(HOLE, two, 1);
	pte = pte_of(HOLE);
	assert_int_equal(pte_pfn(pte), page_to_pfn(empty_zero_page));
	assert_false(pte & _PAGE_RW);
	/* the kernel's write faults (CR0.WP) and gets its own frame */
	assert_int_equal(SC2(__NR_clock_gettime, 0, HOLE), 0);
	pte = pte_of(HOLE);
	assert_true(pte_pfn(pte) != page_to_pfn(empty_zero_page));
	assert_true(pte & _PAGE_RW);
	assert_int_equal(peek32(HOLE), VCLOCK_EPOCH);
	memset(two, 0xaa, 8);
	memcpy(two, page_address(empty_zero_page), 8);
	assert_int_equal(two[0] | two[7], 0);	/* the zero page stayed zero */

	/* a 2-page copy is at least two dTLB lookups */
	before = dtlb_lookups();
	memset(two, 'x', sizeof(two));
	assert_int_equal(copy_to_user(DATA, two, sizeof(two)), 0);
	assert_true(dtlb_lookups() >= before + 2);
	/* copies report what they could not do */
	assert_int_equal(copy_to_user(DATA + DATA_PAGES * P - 10, two, 20),
			 10);
	assert_int_equal(copy_from_user(two, 0xbffffff0u, 0x20), 0x20);
	assert_int_equal(clear_user(DATA, 16), 0);
	assert_int_equal(peek32(DATA), 0);
	assert_int_equal(strncpy_from_user((char *)two, RO, 4), 0);
	poke(DATA, "abcdef", 6);
	assert_int_equal(strncpy_from_user((char *)two, DATA, 4), 4);
	assert_int_equal(strncpy_from_user((char *)two, HOLE + 64 * P, 4),
			 -EFAULT);
}

/* ------------------------------------------------------------- strace */

static void line(char *buf, size_t size, uint32_t nr, long ret,
		 uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e,
		 uint32_t f)
{
	struct pt_regs r = { a, b, c, d, e, f, nr };

	strace_format(buf, size, &r, ret, 0);
}

static void test_strace_format(void **state)
{
	char buf[512];
	long a;

	(void)state;
	poke(DATA, "hello, world\n", 13);
	line(buf, sizeof(buf), __NR_write, 13, 1, DATA, 13, 0, 0, 0);
	assert_string_equal(buf, "write(1, \"hello, world\\n\", 13)"
			    "          = 13");

	poke(DATA, "0123456789abcdefghijklmnopqrstuvwxyz\t\"\\", 39);
	line(buf, sizeof(buf), __NR_write, 39, 2, DATA, 39, 0, 0, 0);
	assert_string_equal(buf, "write(2, \"0123456789abcdefghijklmnopqrstuv\""
			    "..., 39) = 39");
	poke(DATA, "a\0" "1\001b\377", 6);
	line(buf, sizeof(buf), __NR_write, 6, 1, DATA, 6, 0, 0, 0);
	assert_string_equal(buf, "write(1, \"a\\0001\\1b\\377\", 6)"
			    "            = 6");

	a = sc(__NR_mmap2, 0, 2 * P, PROT_READ | PROT_WRITE, ANON, -1, 0);
	line(buf, sizeof(buf), __NR_mmap2, a, 0, 2 * P, 3, ANON, -1, 0);
	{
		char want[160];

		snprintf(want, sizeof(want), "mmap2(NULL, 8192, PROT_READ|"
			 "PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = %#lx",
			 a);
		assert_string_equal(buf, want);
	}
	line(buf, sizeof(buf), __NR_mprotect, 0, HOLE, P, 0, 0, 0, 0);
	assert_string_equal(buf, "mprotect(0x30000000, 4096, PROT_NONE)"
			    "   = 0");
	line(buf, sizeof(buf), __NR_mmap2, -EINVAL, 0x50000000, 0, 1,
	     MAP_SHARED | MAP_FIXED | 0x400000, -1, 0);
	assert_string_equal(buf, "mmap2(0x50000000, 0, PROT_READ, MAP_SHARED"
			    "|MAP_FIXED|0x400000, -1, 0) = -1 EINVAL "
			    "(Invalid argument)");

	poke_str(DATA, "/nonexistent");
	line(buf, sizeof(buf), __NR_open, -ENOENT, DATA, 0, 0, 0, 0, 0);
	assert_string_equal(buf, "open(\"/nonexistent\", O_RDONLY)          "
			    "= -1 ENOENT (No such file or directory)");
	line(buf, sizeof(buf), __NR_openat, -ENOENT, (uint32_t)GUEST_AT_FDCWD,
	     DATA, 0101 | 02000000, 0644, 0, 0);
	assert_string_equal(buf, "openat(AT_FDCWD, \"/nonexistent\", "
			    "O_WRONLY|O_CREAT|O_CLOEXEC, 0644) = -1 ENOENT "
			    "(No such file or directory)");
	line(buf, sizeof(buf), 999, -ENOSYS, 1, 2, 3, 4, 5, 6);
	assert_string_equal(buf, "syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) "
			    "= -1 ENOSYS (Function not implemented)");
	line(buf, sizeof(buf), __NR_brk, BRK_START, 0, 0, 0, 0, 0, 0);
	assert_string_equal(buf, "brk(NULL)                               "
			    "= 0x8200000");

	poke(DATA, (uint32_t[]){ 8u << 20, 0xffffffffu }, 8);
	line(buf, sizeof(buf), __NR_ugetrlimit, 0, RLIMIT_STACK, DATA, 0, 0,
	     0, 0);
	assert_string_equal(buf, "ugetrlimit(RLIMIT_STACK, {rlim_cur=8192*1024"
			    ", rlim_max=RLIM_INFINITY}) = 0");
	line(buf, sizeof(buf), __NR_ioctl, -ENOTTY, 1, 0x5401, DATA, 0, 0, 0);
	assert_string_equal(buf, "ioctl(1, TCGETS, 0x10000000)"
			    "            = -1 ENOTTY (Inappropriate ioctl for "
			    "device)");
	poke(DATA, "\xe5\x4f\xc1\x5c", 4);
	line(buf, sizeof(buf), __NR_getrandom, 4, DATA, 4, 1, 0, 0, 0);
	assert_string_equal(buf, "getrandom(\"\\xe5\\x4f\\xc1\\x5c\", 4, "
			    "GRND_NONBLOCK) = 4");
	poke_str(DATA + 64, "");
	line(buf, sizeof(buf), __NR_statx, 0, 1, DATA + 64, 0x1800, 0x7ff,
	     DATA, 0);
	assert_string_equal(buf, "statx(1, \"\", AT_STATX_SYNC_AS_STAT|"
			    "AT_NO_AUTOMOUNT|AT_EMPTY_PATH, STATX_BASIC_STATS"
			    ", 0x10000000) = 0");
	line(buf, sizeof(buf), __NR_fcntl64, 2, 1, 3, 0, 0, 0, 0);
	assert_string_equal(buf, "fcntl64(1, F_GETFL)                     "
			    "= 2");
	poke(DATA, (uint32_t[]){ 6, 0x80f1380, 0xfffff, 0x51 }, 16);
	line(buf, sizeof(buf), __NR_set_thread_area, 0, DATA, 0, 0, 0, 0, 0);
	assert_string_equal(buf, "set_thread_area({entry_number=6, "
			    "base_addr=0x80f1380, limit=0x0fffff, seg_32bit=1, "
			    "contents=0, read_exec_only=0, limit_in_pages=1, "
			    "seg_not_present=0, useable=1}) = 0");
	/* unreadable memory is shown as its address */
	line(buf, sizeof(buf), __NR_write, -EFAULT, 1, HOLE, 5, 0, 0, 0);
	assert_string_equal(buf, "write(1, 0x30000000, 5)                 "
			    "= -1 EFAULT (Bad address)");
	/* a call that does not return */
	{
		struct pt_regs r = { 0, 0, 0, 0, 0, 0, __NR_exit_group };

		strace_format(buf, sizeof(buf), &r, 0, 1);
		assert_string_equal(buf, "exit_group(0)"
				    "                           = ?");
		/* a short buffer is cut, the length is still the whole */
		assert_int_equal(strace_format(buf, 8, &r, 0, 1), 43);
		assert_string_equal(buf, "exit_gr");
	}
}

static void test_strace_lines_from_do_syscall(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_non_null(f);
	syscall_set_strace(f);
	SC1(__NR_brk, 0);
	SC0(__NR_getpid);
	SC1(__NR_exit_group, 3);
	syscall_set_strace(NULL);
	fclose(f);
	assert_string_equal(out,
		"brk(NULL)                               = 0x8200000\n"
		"getpid()                                = 100\n"
		"exit_group(3)                           = ?\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_unknown_is_enosys),
		T(test_exit_and_exit_group),
		T(test_brk_grow_shrink),
		T(test_brk_rlimit_data),
		T(test_mmap2),
		T(test_old_mmap),
		T(test_munmap_mprotect),
		T(test_mremap_grow_in_place),
		T(test_mremap_move_keeps_frames),
		T(test_mremap_errors),
		T(test_madvise),
		T(test_uname),
		T(test_ids),
		T(test_getrandom_deterministic),
		T(test_virtual_clock),
		T(test_virtual_clock_follows_blocks),
		T(test_set_thread_area),
		T(test_readlink_proc_self_exe),
		T(test_paths_enoent),
		T(test_bad_pointers_are_efault),
		T(test_write_to_stdout),
		T(test_close_keeps_host_stream),
		T(test_read_from_stdin),
		T(test_stat_and_ioctl_of_a_pipe),
		T(test_rlimits),
		T(test_signal_state_recorded),
		T(test_uaccess_breaks_cow_and_counts_tlb),
		T(test_strace_format),
		T(test_strace_lines_from_do_syscall),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
