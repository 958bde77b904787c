/*
 * ksignal.h - the kernel's signals, as Linux 2.6's kernel/signal.c and
 * arch/i386/kernel/signal.c: Linux i386 numbers, dispositions, per-task
 * pending sets with the siginfo of the first of each signal, delivery on
 * the way back to user mode with a real i386 sigframe or rt_sigframe,
 * sigreturn, and the system-call restart convention. Named ksignal.h so
 * that the host's <signal.h> can be included next to it.
 *
 * Contract with the process code (fork, exit, wait, kill, the scheduler):
 *	send_sig_info(sig, &info, t)	kill/tgkill/tkill (SI_USER, si_pid),
 *					SIGCHLD to a parent (CLD_EXITED...,
 *					si_pid, si_status); 0, -EINVAL
 *	send_sig(sig, t, priv)		SI_USER from current (priv 0) or
 *					SI_KERNEL (priv 1)
 *	force_sig(sig, t)		as Linux: unblocked, un-ignored first
 *	force_sig_fault(sig, code, addr, t)
 *	signal_pending(t)		a pending signal not blocked: a
 *					sleeping task in TASK_INTERRUPTIBLE
 *					must wake and its call return
 *					-ERESTARTSYS
 *	signal_cpu_exit(&ex)		the run loop, after every cpu_run:
 *					a fatal CPU exit becomes a forced
 *					fault signal, then do_signal(0)
 *	signal_fork(child, parent)	fork: handlers, mask, altstack
 *					inherited, nothing pending, no alarm
 *	signal_exec(t)			exec: handlers back to SIG_DFL
 *					(SIG_IGN kept), altstack off
 *	t->stopped			1 after SIGSTOP/SIGTSTP/SIGTTIN/
 *					SIGTTOU's default action, 0 again on
 *					SIGCONT; the scheduler must not run a
 *					stopped task (one task alone: see
 *					signal.c)
 *
 * Where signals are delivered: do_syscall calls do_signal(1, nr) at
 * the end of every system call that leaves a signal deliverable, a mask
 * to restore or an -ERESTART* result; the run loop calls
 * signal_cpu_exit after every cpu_run (slices, faults). A scheduler that
 * switches tasks must call it for the task about to run, with that
 * task's registers loaded in the CPU, before cpu_run.
 *
 * Blocking calls: a call that sleeps until another process acts returns
 * -ERESTARTSYS once signal_pending(current). While one process exists
 * it returns at once (wait_for_other_process) and the syscall entry
 * ends the task as a deadlock, unless a signal is pending or an alarm
 * is armed (time then jumps to the alarm, SIGALRM is sent). On the way
 * out do_signal turns -ERESTARTSYS into -EINTR for a handler without
 * SA_RESTART, into a restart (EIP back over int 0x80, EAX the call
 * number again) for a handler with SA_RESTART or when no handler runs.
 * -ERESTARTNOINTR always restarts; -ERESTARTNOHAND restarts only when
 * no handler runs (rt_sigsuspend and pause return it once a signal is
 * deliverable: -EINTR after the handler); -ERESTART_RESTARTBLOCK is
 * -EINTR under a handler and otherwise restarts as the same call (there
 * is no restart_syscall). None of them reaches the guest. rt_sigsuspend
 * and pause sleep through wait_for_other_process: the scheduler's sleep
 * must end when signal_pending(current).
 */
#ifndef I386MM_KSIGNAL_H
#define I386MM_KSIGNAL_H

#include <stdint.h>

#include "kern_fs.h"		/* ERESTARTSYS */
#include "sched.h"

struct cpu_exit;

#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

/* Linux i386 signal numbers. */
#define LSIGHUP		1
#define LSIGINT		2
#define LSIGQUIT	3
#define LSIGILL		4
#define LSIGTRAP	5
#define LSIGABRT	6
#define LSIGBUS		7
#define LSIGFPE		8
#define LSIGKILL	9
#define LSIGUSR1	10
#define LSIGSEGV	11
#define LSIGUSR2	12
#define LSIGPIPE	13
#define LSIGALRM	14
#define LSIGTERM	15
#define LSIGSTKFLT	16
#define LSIGCHLD	17
#define LSIGCONT	18
#define LSIGSTOP	19
#define LSIGTSTP	20
#define LSIGTTIN	21
#define LSIGTTOU	22
#define LSIGURG		23
#define LSIGXCPU	24
#define LSIGXFSZ	25
#define LSIGVTALRM	26
#define LSIGPROF	27
#define LSIGWINCH	28
#define LSIGIO		29
#define LSIGPWR		30
#define LSIGSYS		31
#define LSIGRTMIN	32

#define LSIG_DFL	0u
#define LSIG_IGN	1u

/* sa_flags */
#define LSA_NOCLDSTOP	0x00000001u
#define LSA_NOCLDWAIT	0x00000002u
#define LSA_SIGINFO	0x00000004u
#define LSA_RESTORER	0x04000000u
#define LSA_ONSTACK	0x08000000u
#define LSA_RESTART	0x10000000u
#define LSA_NODEFER	0x40000000u
#define LSA_RESETHAND	0x80000000u

/* si_code */
#define LSI_USER	0
#define LSI_KERNEL	0x80
#define LSEGV_MAPERR	1
#define LSEGV_ACCERR	2
#define LBUS_ADRERR	2
#define LILL_ILLOPN	2
#define LFPE_INTDIV	1
#define LTRAP_BRKPT	1
#define LCLD_EXITED	1
#define LCLD_KILLED	2
#define LCLD_DUMPED	3

/* sigaltstack ss_flags */
#define LSS_ONSTACK	1
#define LSS_DISABLE	2

#define ksigmask(sig)	(1ull << ((sig) - 1))
#define SIG_UNBLOCKABLE	(ksigmask(LSIGKILL) | ksigmask(LSIGSTOP))

/* The wait status bit of a signal that dumped core. */
#define WAIT_COREFLAG	0x80

/*
 * send_sig_info: 0 (sent, or ignored and discarded as Linux does), or
 * -EINVAL for a bad number. sig 0 checks nothing and sends nothing.
 */
int send_sig_info(int sig, const struct ksiginfo *info,
		  struct task_struct *t);
int send_sig(int sig, struct task_struct *t, int priv);
int force_sig_info(int sig, const struct ksiginfo *info,
		   struct task_struct *t);
int force_sig(int sig, struct task_struct *t);
int force_sig_fault(int sig, int code, uint32_t addr,
		    struct task_struct *t);

/* A result do_signal must turn into -EINTR or a restart. */
static inline int syscall_restartable(long ret)
{
	return ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK;
}

static inline int signal_pending(const struct task_struct *t)
{
	return (t->pending & ~t->blocked) != 0;
}

/*
 * Deliver current's signals before it returns to user mode, with the
 * CPU holding its registers: default actions (the task may become a
 * zombie: exit_code is the signal, | WAIT_COREFLAG for the core ones) or a
 * handler's frame. in_syscall: called at the end of system call nr,
 * whose result is already in EAX (the restart convention above).
 */
void do_signal(int in_syscall, uint32_t nr);

/* After cpu_run: a CPU_EXIT_SIGNAL becomes force_sig_fault, then
 * do_signal; prints the "killed by signal" line if the fault kills. */
void signal_cpu_exit(const struct cpu_exit *ex);

/* alarm(2): SIGALRM once t's deadline passed (itimer.c). */
void signal_check_timers(struct task_struct *t);
/* A lone task's wait ends at its alarm: time jumps there and SIGALRM is
 * sent; 1, or 0 with no alarm armed. */
int signal_wait_alarm(struct task_struct *t);

void signal_fork(struct task_struct *child, const struct task_struct *p);
void signal_exec(struct task_struct *t);
/* The default action of sig ignores it (SIGCHLD, SIGURG, SIGWINCH,
 * SIGCONT). */
int sig_default_ignored(int sig);
/* /proc/PID/status's SigIgn and SigCgt sets. */
void task_sig_masks(const struct task_struct *t, uint64_t *ign,
		    uint64_t *cgt);

#endif
