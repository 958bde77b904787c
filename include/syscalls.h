/*
 * syscalls.h - the Linux i386 system-call layer: the int 0x80 entry the
 * run loop installs, the few knobs the command line sets, and (as Linux's
 * include/linux/syscalls.h) the sys_* handlers and their table.
 *
 * Contract with the run loop (src/kernel/run.c), the VFS booted
 * (fs_boot, kern_fs.h):
 *	sys_task_init(tsk);		a new task (zeroed, rlimits set by
 *					its allocator): fds 0-2 on the
 *					host's standard streams, cwd and
 *					root at /, umask 022, no alternate
 *					signal stack; 0 or -ENOMEM
 *	current = tsk;
 *	cpu_set_syscall_handler(do_syscall, NULL);
 *	syscall_set_seed(seed); syscall_set_real_time(0);
 *	syscall_set_strace(stderr);	for --strace, NULL (default) for none
 *	cpu_run(...): a CPU_EXIT_SYSCALL with current->state == EXIT_ZOMBIE
 *	means the task called exit or exit_group; current->exit_code holds
 *	the wait status ((status & 0xff) << 8). Nothing is freed here: the
 *	run loop tears the task and its mm down, and sys_task_exit(tsk)
 *	closes its files and drops its cwd and root.
 *
 * A call that would have to sleep until another process acts (a read of
 * an empty pipe whose write end is open) can never be woken while one
 * process exists: the task is killed with SIGKILL (exit status 137)
 * after one line on stderr, "i386mm: COMM: deadlock: WHY".
 *
 * Conventions, as Linux's: arguments in EBX, ECX, EDX, ESI, EDI, EBP; the
 * result in EAX, -errno (-4095..-1) on failure; unknown numbers -ENOSYS.
 * Handlers reach user memory only through uaccess.h, so a bad pointer is
 * -EFAULT and never a signal.
 */
#ifndef I386MM_SYSCALLS_H
#define I386MM_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct task_struct;

/* ------------------------------------------------ the run loop's side */

/* For cpu_set_syscall_handler: CPU_SYSCALL_STOP once current exited. */
int do_syscall(void *opaque);
/* A new task's files, fs view, umask and signal stack; 0 or -ENOMEM. */
int sys_task_init(struct task_struct *tsk);
/* The task's files closed, its fs view dropped (exit_files, exit_fs). */
void sys_task_exit(struct task_struct *tsk);
/* getrandom's bytes: a splitmix64 stream restarted from seed (--seed). */
void syscall_set_seed(uint64_t seed);
/* Clocks from the host (1) or the virtual clock (0, the default). */
void syscall_set_real_time(int on);
/* --strace: one line per call on out, as strace prints it; NULL: off. */
void syscall_set_strace(FILE *out);

/* ---------------------------------------------- Linux i386 numbers */

#define __NR_exit		1
#define __NR_read		3
#define __NR_write		4
#define __NR_open		5
#define __NR_close		6
#define __NR_creat		8
#define __NR_link		9
#define __NR_unlink		10
#define __NR_chdir		12
#define __NR_time		13
#define __NR_chmod		15
#define __NR_lseek		19
#define __NR_getpid		20
#define __NR_getuid		24
#define __NR_alarm	27
#define __NR_pause	29
#define __NR_access		33
#define __NR_sync		36
#define __NR_kill	37
#define __NR_rename		38
#define __NR_mkdir		39
#define __NR_rmdir		40
#define __NR_dup		41
#define __NR_pipe		42
#define __NR_brk		45
#define __NR_getgid		47
#define __NR_signal	48
#define __NR_geteuid		49
#define __NR_getegid		50
#define __NR_ioctl		54
#define __NR_fcntl		55
#define __NR_umask		60
#define __NR_dup2		63
#define __NR_getppid		64
#define __NR_sigaction	67
#define __NR_setrlimit		75
#define __NR_getrlimit		76
#define __NR_gettimeofday	78
#define __NR_select		82
#define __NR_symlink		83
#define __NR_readlink		85
#define __NR_mmap		90
#define __NR_munmap		91
#define __NR_truncate		92
#define __NR_ftruncate		93
#define __NR_fchmod		94
#define __NR_statfs		99
#define __NR_fstatfs		100
#define __NR_fsync		118
#define __NR_sigreturn	119
#define __NR_uname		122
#define __NR_mprotect		125
#define __NR_sigprocmask	126
#define __NR_fchdir		133
#define __NR__llseek		140
#define __NR_getdents		141
#define __NR__newselect		142
#define __NR_msync		144
#define __NR_readv		145
#define __NR_writev		146
#define __NR_fdatasync		148
#define __NR_sched_yield	158
#define __NR_nanosleep		162
#define __NR_mremap		163
#define __NR_poll		168
#define __NR_rt_sigreturn	173
#define __NR_rt_sigaction	174
#define __NR_rt_sigprocmask	175
#define __NR_rt_sigpending	176
#define __NR_rt_sigsuspend	179
#define __NR_pread64		180
#define __NR_pwrite64		181
#define __NR_getcwd		183
#define __NR_sigaltstack	186
#define __NR_ugetrlimit		191
#define __NR_mmap2		192
#define __NR_truncate64		193
#define __NR_ftruncate64	194
#define __NR_stat64		195
#define __NR_lstat64		196
#define __NR_fstat64		197
#define __NR_getuid32		199
#define __NR_getgid32		200
#define __NR_geteuid32		201
#define __NR_getegid32		202
#define __NR_madvise		219
#define __NR_getdents64		220
#define __NR_fcntl64		221
#define __NR_gettid		224
#define __NR_tkill	238
#define __NR_set_thread_area	243
#define __NR_get_thread_area	244
#define __NR_exit_group		252
#define __NR_set_tid_address	258
#define __NR_clock_gettime	265
#define __NR_clock_getres	266
#define __NR_clock_nanosleep	267
#define __NR_statfs64		268
#define __NR_fstatfs64		269
#define __NR_tgkill	270
#define __NR_openat		295
#define __NR_mkdirat		296
#define __NR_fstatat64		300
#define __NR_unlinkat		301
#define __NR_renameat		302
#define __NR_linkat		303
#define __NR_symlinkat		304
#define __NR_readlinkat		305
#define __NR_fchmodat		306
#define __NR_faccessat		307
#define __NR_pselect6		308
#define __NR_ppoll		309
#define __NR_set_robust_list	311
#define __NR_utimensat		320
#define __NR_dup3		330
#define __NR_pipe2		331
#define __NR_prlimit64		340
#define __NR_renameat2		353
#define __NR_getrandom		355
#define __NR_statx		383
#define __NR_rseq		386
#define __NR_clock_gettime64	403
#define __NR_clock_getres_time64 406
#define __NR_clock_nanosleep_time64 407
#define __NR_utimensat_time64	412
#define __NR_pselect6_time64	413
#define __NR_ppoll_time64	414
#define __NR_faccessat2		439
#define NR_syscalls		451

/* ------------------------------------------------------ the handlers */

/* The registers of an int 0x80, named as Linux's i386 pt_regs. */
struct pt_regs {
	uint32_t bx, cx, dx, si, di, bp;
	uint32_t orig_ax;		/* the system-call number */
};

/* Argument n (0..5) of the call: EBX, ECX, EDX, ESI, EDI, EBP. */
static inline uint32_t syscall_arg(const struct pt_regs *regs, int n)
{
	switch (n) {
	case 0: return regs->bx;
	case 1: return regs->cx;
	case 2: return regs->dx;
	case 3: return regs->si;
	case 4: return regs->di;
	default: return regs->bp;
	}
}

typedef long (*syscall_fn)(const struct pt_regs *regs);

/*
 * Linux's SYSCALL_DEFINEn: sys_NAME(regs) unpacks the registers into the
 * typed arguments of a static __do_sys_NAME, so every handler reads like
 * its man page and the table holds one function type.
 */
#define SYSCALL_DEFINE0(name)						\
	static long __do_sys_##name(void);				\
	long sys_##name(const struct pt_regs *regs)			\
	{ (void)regs; return __do_sys_##name(); }			\
	static long __do_sys_##name(void)
#define SYSCALL_DEFINE1(name, t1, a1)					\
	static long __do_sys_##name(t1 a1);				\
	long sys_##name(const struct pt_regs *regs)			\
	{ return __do_sys_##name((t1)regs->bx); }			\
	static long __do_sys_##name(t1 a1)
#define SYSCALL_DEFINE2(name, t1, a1, t2, a2)				\
	static long __do_sys_##name(t1 a1, t2 a2);			\
	long sys_##name(const struct pt_regs *regs)			\
	{ return __do_sys_##name((t1)regs->bx, (t2)regs->cx); }	\
	static long __do_sys_##name(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3)			\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3);		\
	long sys_##name(const struct pt_regs *regs)			\
	{ return __do_sys_##name((t1)regs->bx, (t2)regs->cx,		\
				 (t3)regs->dx); }			\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)		\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4);	\
	long sys_##name(const struct pt_regs *regs)			\
	{ return __do_sys_##name((t1)regs->bx, (t2)regs->cx,		\
				 (t3)regs->dx, (t4)regs->si); }		\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)	\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);	\
	long sys_##name(const struct pt_regs *regs)			\
	{ return __do_sys_##name((t1)regs->bx, (t2)regs->cx,		\
				 (t3)regs->dx, (t4)regs->si,		\
				 (t5)regs->di); }			\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5,	\
			t6, a6)						\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5,	\
				    t6 a6);				\
	long sys_##name(const struct pt_regs *regs)			\
	{ return __do_sys_##name((t1)regs->bx, (t2)regs->cx,		\
				 (t3)regs->dx, (t4)regs->si,		\
				 (t5)regs->di, (t6)regs->bp); }		\
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5,	\
				    t6 a6)

/*
 * How strace shows an argument or a result (sys_call_table.c gives each
 * call its kinds; strace.c formats them).
 */
enum strace_kind {
	SA_NONE,	/* no such argument */
	SA_INT,		/* signed decimal */
	SA_UINT,	/* unsigned decimal (sizes, counts) */
	SA_HEX,		/* 0x... */
	SA_PTR,		/* NULL or 0x... */
	SA_FD,		/* file descriptor */
	SA_DIRFD,	/* AT_FDCWD or an fd */
	SA_PATH,	/* NUL-terminated string in user memory */
	SA_WBUF,	/* buffer the call reads: length is the next argument */
	SA_RBUF,	/* buffer the call filled: length is the result */
	SA_IOV,		/* iovec array: count is the next argument */
	SA_PROT,	/* PROT_* */
	SA_MAPFLAGS,	/* MAP_* */
	SA_MREMAPFLAGS,	/* MREMAP_* */
	SA_MADV,	/* MADV_* */
	SA_OPENFLAGS,	/* O_* */
	SA_DUP3FLAGS,	/* 0 or O_CLOEXEC */
	SA_OCTAL,	/* modes */
	SA_ACCESSMODE,	/* F_OK, R_OK... */
	SA_ATFLAGS,	/* AT_* */
	SA_STATXFLAGS,	/* AT_STATX_SYNC_AS_STAT|AT_* */
	SA_STATXMASK,	/* STATX_* */
	SA_FCNTLCMD,	/* F_* */
	SA_IOCTLCMD,	/* TCGETS... */
	SA_RLIMRES,	/* RLIMIT_* */
	SA_RLIM,	/* struct rlimit (32-bit) */
	SA_RLIM64,	/* struct rlimit64 */
	SA_CLOCKID,	/* CLOCK_* */
	SA_TIMESPEC,	/* struct timespec (32-bit) */
	SA_TIMESPEC64,	/* struct __kernel_timespec */
	SA_SIGNUM,	/* SIG* */
	SA_SIGHOW,	/* SIG_BLOCK... */
	SA_SIGSET,	/* sigset_t pointer: [SIG...] */
	SA_GRNDFLAGS,	/* GRND_* */
	SA_UTSNAME,	/* struct new_utsname the call filled */
	SA_USERDESC,	/* struct user_desc */
	SA_STRUCT,	/* a structure strace does not decode: {...} or ptr */
	SA_WHENCE,	/* SEEK_* */
	SA_RET_ADDR,	/* result: an address (mmap, brk), in hex */
	SA_OFF64,	/* a 64-bit offset: this register low, the next high */
	SA_OFF64_HI,	/* a 64-bit offset: this register high, the next low */
	SA_LOFFP,	/* loff_t the call filled: [value] */
	SA_PIPEFDS,	/* int[2] the call filled: [rd, wr] */
	SA_POLLFDS,	/* struct pollfd array: count is the next argument */
	SA_PIPEFLAGS,	/* O_CLOEXEC|O_NONBLOCK|O_DIRECT */
	SA_UNLINKFLAGS,	/* 0 or AT_REMOVEDIR */
	SA_RENAMEFLAGS,	/* RENAME_* */
	SA_MSYNCFLAGS,	/* MS_* */
	SA_FCNTLARG,	/* fcntl's argument, shown as its command needs */
	SA_UMASK,	/* a mode in octal, always shown (umask, mkdir...) */
};

struct syscall_desc {
	syscall_fn fn;			/* NULL: -ENOSYS */
	const char *name;
	uint8_t nargs;
	uint8_t ret;			/* SA_INT, SA_HEX or SA_RET_ADDR */
	uint8_t arg[6];			/* enum strace_kind */
};

extern const struct syscall_desc sys_call_table[NR_syscalls];

/*
 * The strace line of a finished call (without the newline) into buf, as
 * snprintf does; exited says the call did not return (exit: "= ?").
 * User memory is read from the current mm's page tables without
 * faulting, so tracing changes no counter; what is not mapped is shown
 * as its address, as strace shows memory it cannot read.
 */
int strace_format(char *buf, size_t size, const struct pt_regs *regs,
		  long ret, int exited);
/*
 * The lines strace prints for a signal delivered (--- SIGSEGV {si_signo=
 * SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1234} ---) and for a task it
 * killed (+++ killed by SIGSEGV (core dumped) +++); NULL file: nothing.
 */
struct ksiginfo;
void strace_signal(FILE *out, int sig, const struct ksiginfo *info);
void strace_killed(FILE *out, int sig, int core);
/* The --strace stream, or NULL. */
FILE *syscall_strace_file(void);

/* ------------------------------------- helpers shared by the handlers */

#ifndef PATH_MAX
#define PATH_MAX	4096	/* as <limits.h> has it */
#endif
#define GUEST_AT_FDCWD			-100
#define GUEST_AT_SYMLINK_NOFOLLOW	0x100
#define GUEST_AT_REMOVEDIR		0x200
#define GUEST_AT_EACCESS		0x200
#define GUEST_AT_SYMLINK_FOLLOW		0x400
#define GUEST_AT_NO_AUTOMOUNT		0x800
#define GUEST_AT_EMPTY_PATH		0x1000
/* O_LARGEFILE: 0 in the x86-64 host's headers */
#define GUEST_O_LARGEFILE		0100000
/*
 * A path from user space into buf (PATH_MAX bytes): its length, or
 * -EFAULT, -ENAMETOOLONG, and -ENOENT for "" unless empty_ok.
 */
long getname(uint32_t upath, char *buf, int empty_ok);

struct path;
/*
 * Where an *at call's relative name starts: for GUEST_AT_FDCWD or an
 * absolute name *basep is NULL (the VFS starts at the cwd or the root);
 * otherwise dfd's directory, in *base with references (path_put it),
 * and *basep = base. -EBADF for a dfd that is not open, -ENOTDIR for
 * one that is not a directory.
 */
long at_base_get(int dfd, const char *name, struct path *base,
		 const struct path **basep);

struct mm_struct;
/*
 * Some VMA in [start, end) is executable: a change there moves the CPU's
 * code/data split, so the caller tells it (cpu_mm_layout_changed).
 */
int range_has_exec(struct mm_struct *mm, uint32_t start, uint32_t end);

long sys_exit(const struct pt_regs *regs);
long sys_exit_group(const struct pt_regs *regs);
long sys_read(const struct pt_regs *regs);
long sys_write(const struct pt_regs *regs);
long sys_readv(const struct pt_regs *regs);
long sys_writev(const struct pt_regs *regs);
long sys_close(const struct pt_regs *regs);
long sys_dup(const struct pt_regs *regs);
long sys_dup2(const struct pt_regs *regs);
long sys_dup3(const struct pt_regs *regs);
long sys_lseek(const struct pt_regs *regs);
long sys_llseek(const struct pt_regs *regs);
long sys_fstat64(const struct pt_regs *regs);
long sys_fstatat64(const struct pt_regs *regs);
long sys_statx(const struct pt_regs *regs);
long sys_fcntl64(const struct pt_regs *regs);
long sys_ioctl(const struct pt_regs *regs);
long sys_open(const struct pt_regs *regs);
long sys_openat(const struct pt_regs *regs);
long sys_access(const struct pt_regs *regs);
long sys_faccessat(const struct pt_regs *regs);
long sys_faccessat2(const struct pt_regs *regs);
long sys_stat64(const struct pt_regs *regs);
long sys_lstat64(const struct pt_regs *regs);
long sys_readlink(const struct pt_regs *regs);
long sys_readlinkat(const struct pt_regs *regs);
long sys_getcwd(const struct pt_regs *regs);
long sys_pread64(const struct pt_regs *regs);
long sys_pwrite64(const struct pt_regs *regs);
long sys_creat(const struct pt_regs *regs);
long sys_link(const struct pt_regs *regs);
long sys_linkat(const struct pt_regs *regs);
long sys_unlink(const struct pt_regs *regs);
long sys_unlinkat(const struct pt_regs *regs);
long sys_rename(const struct pt_regs *regs);
long sys_renameat(const struct pt_regs *regs);
long sys_renameat2(const struct pt_regs *regs);
long sys_mkdir(const struct pt_regs *regs);
long sys_mkdirat(const struct pt_regs *regs);
long sys_rmdir(const struct pt_regs *regs);
long sys_symlink(const struct pt_regs *regs);
long sys_symlinkat(const struct pt_regs *regs);
long sys_chmod(const struct pt_regs *regs);
long sys_fchmod(const struct pt_regs *regs);
long sys_fchmodat(const struct pt_regs *regs);
long sys_utimensat_time32(const struct pt_regs *regs);
long sys_utimensat(const struct pt_regs *regs);
long sys_chdir(const struct pt_regs *regs);
long sys_fchdir(const struct pt_regs *regs);
long sys_umask(const struct pt_regs *regs);
long sys_truncate(const struct pt_regs *regs);
long sys_ftruncate(const struct pt_regs *regs);
long sys_truncate64(const struct pt_regs *regs);
long sys_ftruncate64(const struct pt_regs *regs);
long sys_fsync(const struct pt_regs *regs);
long sys_fdatasync(const struct pt_regs *regs);
long sys_sync(const struct pt_regs *regs);
long sys_msync(const struct pt_regs *regs);
long sys_getdents(const struct pt_regs *regs);
long sys_getdents64(const struct pt_regs *regs);
long sys_statfs(const struct pt_regs *regs);
long sys_fstatfs(const struct pt_regs *regs);
long sys_statfs64(const struct pt_regs *regs);
long sys_fstatfs64(const struct pt_regs *regs);
long sys_fcntl(const struct pt_regs *regs);
long sys_pipe(const struct pt_regs *regs);
long sys_pipe2(const struct pt_regs *regs);
long sys_poll(const struct pt_regs *regs);
long sys_ppoll_time32(const struct pt_regs *regs);
long sys_ppoll(const struct pt_regs *regs);
long sys_old_select(const struct pt_regs *regs);
long sys_select(const struct pt_regs *regs);
long sys_pselect6_time32(const struct pt_regs *regs);
long sys_pselect6(const struct pt_regs *regs);
long sys_brk(const struct pt_regs *regs);
long sys_mmap(const struct pt_regs *regs);
long sys_mmap2(const struct pt_regs *regs);
long sys_munmap(const struct pt_regs *regs);
long sys_mprotect(const struct pt_regs *regs);
long sys_madvise(const struct pt_regs *regs);
long sys_mremap(const struct pt_regs *regs);
long sys_uname(const struct pt_regs *regs);
long sys_set_thread_area(const struct pt_regs *regs);
long sys_get_thread_area(const struct pt_regs *regs);
long sys_set_tid_address(const struct pt_regs *regs);
long sys_set_robust_list(const struct pt_regs *regs);
long sys_getpid(const struct pt_regs *regs);
long sys_gettid(const struct pt_regs *regs);
long sys_getppid(const struct pt_regs *regs);
long sys_getuid16(const struct pt_regs *regs);
long sys_getgid16(const struct pt_regs *regs);
long sys_geteuid16(const struct pt_regs *regs);
long sys_getegid16(const struct pt_regs *regs);
long sys_getuid(const struct pt_regs *regs);
long sys_getgid(const struct pt_regs *regs);
long sys_geteuid(const struct pt_regs *regs);
long sys_getegid(const struct pt_regs *regs);
long sys_sched_yield(const struct pt_regs *regs);
long sys_getrlimit(const struct pt_regs *regs);
long sys_old_getrlimit(const struct pt_regs *regs);
long sys_setrlimit(const struct pt_regs *regs);
long sys_prlimit64(const struct pt_regs *regs);
long sys_getrandom(const struct pt_regs *regs);
long sys_time(const struct pt_regs *regs);
long sys_gettimeofday(const struct pt_regs *regs);
long sys_clock_gettime32(const struct pt_regs *regs);
long sys_clock_gettime(const struct pt_regs *regs);
long sys_clock_getres_time32(const struct pt_regs *regs);
long sys_clock_getres(const struct pt_regs *regs);
long sys_nanosleep_time32(const struct pt_regs *regs);
long sys_clock_nanosleep_time32(const struct pt_regs *regs);
long sys_clock_nanosleep(const struct pt_regs *regs);
long sys_rt_sigaction(const struct pt_regs *regs);
long sys_rt_sigprocmask(const struct pt_regs *regs);
long sys_sigaltstack(const struct pt_regs *regs);
long sys_sigaction(const struct pt_regs *regs);
long sys_signal(const struct pt_regs *regs);
long sys_sigprocmask(const struct pt_regs *regs);
long sys_rt_sigpending(const struct pt_regs *regs);
long sys_rt_sigsuspend(const struct pt_regs *regs);
long sys_pause(const struct pt_regs *regs);
long sys_alarm(const struct pt_regs *regs);
long sys_sigreturn(const struct pt_regs *regs);
long sys_rt_sigreturn(const struct pt_regs *regs);
long sys_kill(const struct pt_regs *regs);
long sys_tkill(const struct pt_regs *regs);
long sys_tgkill(const struct pt_regs *regs);

#endif
