/*
 * sched.h - processes as the kernel sees them: struct task_struct, the
 * current task, and the kernel's run loop. Issue 3 runs one process; fork,
 * wait, signals and the round-robin scheduler extend this (issue 5).
 */
#ifndef I386MM_SCHED_H
#define I386MM_SCHED_H

#include <stdint.h>

#include "list.h"

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
	/* processes (issue 5: fork.c, exit.c, sched.c) */
	struct list_head tasks;		/* the process table, by pid */
	struct list_head children;	/* my children, in fork order */
	struct list_head sibling;	/* in my parent's children */
	struct task_struct *parent;
	int pgrp, session;
	const char *wait_reason;	/* why it sleeps: the deadlock line */
	uint64_t sleep_gen;		/* sched_progress when it slept */
	int64_t wake_at;		/* a timed sleep's deadline, or 0 */
	int woken;			/* left a sleep: its call runs again */
	uint32_t rw_partial;		/* bytes moved before a write slept */
	uint32_t restart_done;		/* ...which its restart goes on after */
	unsigned long cmin_flt, cmaj_flt;	/* of reaped children */
};

extern struct task_struct *current;

/*
 * The process table and the scheduler (sched.c). Tasks are listed by
 * pid; the scheduler picks the next runnable one after the current in
 * that order (round robin, deterministic). A call that must wait returns
 * -ERESTARTSYS: the entry rewinds EIP to the int 0x80 and the task
 * sleeps (TASK_INTERRUPTIBLE) until any other task completes a system
 * call or exits (sched_progress moves) or a signal it does not block is
 * pending; then the call runs again. A stopped task (SIGSTOP) is not
 * run until SIGCONT. When
 * every live task sleeps and none can be woken, they are deadlocked:
 * all are killed with SIGKILL after one line on stderr.
 */
#define PID_MAX		32768
#define NPROC_DEFAULT	256	/* RLIMIT_NPROC: a fork bomb gets EAGAIN */

extern uint64_t sched_progress;
extern int need_resched;	/* leave the CPU at the end of this call */
extern struct list_head task_list;
extern int nr_tasks;		/* in task_list, zombies included */

/* Give tsk the next free pid and enter it in the process table. */
int attach_pid(struct task_struct *tsk);
/* Leave the process table (release_task). */
void detach_pid(struct task_struct *tsk);
struct task_struct *find_task_by_pid(int pid);
/* 1 if a task other than tsk is alive (neither zombie nor dead). */
int sched_others_alive(const struct task_struct *tsk);
/* The next task to run after prev, or NULL if every task sleeps. */
struct task_struct *pick_next_task(struct task_struct *prev);
/*
 * A timed sleep of ns on the virtual clock (nanosleep, poll's timeout):
 * 0 once the deadline, kept in current->wake_at across the call's
 * restarts, has passed; -ERESTARTSYS to sleep until then. When every
 * task sleeps, the run loop moves the clock to the earliest deadline
 * (sched_next_timer). With no other live task, or on the host's clock
 * (--real-time), the clock simply jumps (timekeeping_sleep) and 0.
 */
int schedule_timeout(int64_t ns, const char *why);
/* Move the virtual clock to the earliest sleeper's deadline or alarm;
 * 0 if there is none. */
int sched_next_timer(void);
/* Register the process table with procfs (NULL ops when empty). */
void sched_proc_register(int on);

/*
 * SIGKILL at once, for a task that will never run again (pid 1's death,
 * a deadlocked set): a zombie with status SIGKILL, torn down unless it
 * is current (the run loop does that once the CPU stopped). Everything
 * else sends signals with ksignal.h's send_sig_info.
 */
void zap_task(struct task_struct *tsk);

/*
 * The end of a task (exit.c). do_exit(tsk) tears down a task whose
 * state is EXIT_ZOMBIE and still has its mm: mm, files, fs; children
 * reparented to pid 1; SIGCHLD to the parent. release_task frees a
 * reaped zombie. The run loop calls do_exit after the CPU stopped.
 */
void do_exit(struct task_struct *tsk);
void release_task(struct task_struct *tsk);

#endif
