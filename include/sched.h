/*
 * sched.h - processes as the kernel sees them: struct task_struct, the
 * current task, and the kernel's run loop. Issue 3 runs one process; fork,
 * wait, signals and the round-robin scheduler extend this (issue 5).
 */
#ifndef I386MM_SCHED_H
#define I386MM_SCHED_H

#include <stdint.h>

struct mm_struct;
struct cpu_context;

#define TASK_COMM_LEN	16
/* Linux's _NSIG, renamed so that the host's <signal.h> can coexist. */
#define LINUX_NSIG	64
#define RLIM_NLIMITS	16
#define RLIM_INFINITY	0xffffffffu	/* i386: ~0UL */

/* Linux i386 rlimit resources */
#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_NPROC	6
#define RLIMIT_NOFILE	7
#define RLIMIT_MEMLOCK	8
#define RLIMIT_AS	9

struct rlimit64 {
	uint64_t rlim_cur, rlim_max;
};

/* As the guest's struct sigaction (i386 rt_sigaction layout). */
struct k_sigaction {
	uint32_t handler;
	uint32_t flags;
	uint32_t restorer;
	uint64_t mask;
};

/*
 * The siginfo of a pending signal (ksignal.h): the first raised of each
 * number is kept, as Linux queues one non-realtime signal.
 */
struct ksiginfo {
	int32_t signo, errno_, code;
	int32_t pid;		/* SI_USER, SIGCHLD: the sender / the child */
	uint32_t uid;
	int32_t status;		/* SIGCHLD: exit code or signal */
	uint32_t addr;		/* faults: si_addr */
};

enum task_state {
	TASK_RUNNING,
	TASK_INTERRUPTIBLE,
	EXIT_ZOMBIE,
	EXIT_DEAD,
};

struct files_struct;
struct fs_struct;

struct task_struct {
	int pid, tgid, ppid;
	enum task_state state;
	char comm[TASK_COMM_LEN];
	char exe[256];			/* guest path of the program, /proc/self/exe */
	struct mm_struct *mm;
	struct cpu_context *ctx;	/* registers while not on the CPU */
	int exit_code;			/* wait status: code << 8, or the signal */
	uint32_t set_child_tid, clear_child_tid;
	uint32_t robust_list, robust_len;
	struct k_sigaction sigaction[LINUX_NSIG];
	uint64_t blocked;		/* signal mask */
	struct rlimit64 rlim[RLIM_NLIMITS];
	uint32_t uid, euid, gid, egid;
	uint64_t utime_blocks;		/* basic blocks run: virtual CPU time */
	unsigned long min_flt, maj_flt;
	/* added with the system calls (sys_task_init fills them) */
	struct files_struct *files;	/* open fds (fdtable.h) */
	struct fs_struct *fs;		/* root and cwd (fs.h) */
	unsigned int umask;
	uint64_t pending;		/* signals raised, not yet delivered */
	uint32_t sas_ss_sp, sas_ss_size;	/* sigaltstack */
	int sas_ss_flags;
	/* signals (ksignal.h, src/kernel/signal.c) */
	struct ksiginfo siginfo[LINUX_NSIG];	/* of each pending signal */
	int stopped;			/* SIGSTOP...: until SIGCONT */
	int restore_sigmask;		/* sigsuspend: put saved_sigmask back */
	uint64_t saved_sigmask;
	int64_t alarm_ns;		/* alarm(2): ktime_get_ns deadline, 0 */
};

extern struct task_struct *current;

#endif
