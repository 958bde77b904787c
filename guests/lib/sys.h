/*
 * sys.h - the few Linux i386 system calls the -nostdlib guests make, as
 * inline "int $0x80" with the kernel's register convention: number in
 * %eax, arguments in %ebx, %ecx, %edx, %esi, %edi, %ebp; the result comes
 * back in %eax, -errno on failure. Written out by hand so the guests do
 * not depend on glibc's startup or its syscall wrappers.
 */
#ifndef GUEST_SYS_H
#define GUEST_SYS_H

#define __NR_exit	1
#define __NR_write	4
#define __NR_brk	45
#define __NR_munmap	91
#define __NR_mprotect	125
#define __NR_mmap2	192

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20

#define PAGE_SIZE	4096u

/* A result in [-4095, -1] is -errno, as the kernel returns it. */
#define SYS_IS_ERR(r)	((unsigned long)(r) >= (unsigned long)-4095)

static inline long sys_call1(long nr, long a1)
{
	long ret;

	__asm__ __volatile__("int $0x80"
			     : "=a"(ret)
			     : "0"(nr), "b"(a1)
			     : "memory");
	return ret;
}

static inline long sys_call2(long nr, long a1, long a2)
{
	long ret;

	__asm__ __volatile__("int $0x80"
			     : "=a"(ret)
			     : "0"(nr), "b"(a1), "c"(a2)
			     : "memory");
	return ret;
}

static inline long sys_call3(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ __volatile__("int $0x80"
			     : "=a"(ret)
			     : "0"(nr), "b"(a1), "c"(a2), "d"(a3)
			     : "memory");
	return ret;
}

/*
 * The sixth argument goes in %ebp, which cannot be named in a constraint
 * (it may be the frame pointer), so %ebx points at {a1, a6} and the asm
 * loads both after saving %ebp, as musl does.
 */
static inline long sys_call6(long nr, long a1, long a2, long a3, long a4,
			     long a5, long a6)
{
	long args[2] = { a1, a6 };
	long *p = args;
	long ret;

	__asm__ __volatile__("pushl %%ebp\n\t"
			     "movl 4(%%ebx), %%ebp\n\t"
			     "movl (%%ebx), %%ebx\n\t"
			     "int $0x80\n\t"
			     "popl %%ebp"
			     : "=a"(ret), "+b"(p)
			     : "0"(nr), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
			     : "memory");
	return ret;
}

static inline __attribute__((noreturn)) void sys_exit(int status)
{
	sys_call1(__NR_exit, status);
	__builtin_unreachable();
}

static inline long sys_write(int fd, const void *buf, unsigned long len)
{
	return sys_call3(__NR_write, fd, (long)buf, (long)len);
}

/* brk(0) asks for the current break; the raw call returns the new one. */
static inline unsigned long sys_brk(unsigned long addr)
{
	return (unsigned long)sys_call1(__NR_brk, (long)addr);
}

/* mmap2's offset is in pages, so 32 bits reach 16 TiB of a file. */
static inline long sys_mmap2(void *addr, unsigned long len, int prot,
			     int flags, int fd, unsigned long pgoff)
{
	return sys_call6(__NR_mmap2, (long)addr, (long)len, prot, flags, fd,
			 (long)pgoff);
}

static inline long sys_munmap(void *addr, unsigned long len)
{
	return sys_call2(__NR_munmap, (long)addr, (long)len);
}

static inline long sys_mprotect(void *addr, unsigned long len, int prot)
{
	return sys_call3(__NR_mprotect, (long)addr, (long)len, prot);
}

#endif /* GUEST_SYS_H */
