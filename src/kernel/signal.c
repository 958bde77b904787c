/*
 * signal.c - raising and delivering signals, as Linux 2.6's
 * kernel/signal.c and the do_signal half of arch/i386/kernel/signal.c:
 * send_sig_info keeps the first siginfo of each pending signal,
 * force_sig_info makes a fault signal impossible to ignore or block,
 * do_signal picks the lowest pending unblocked signal on the way back to
 * user mode and either applies its default action or has the frame code
 * (signal_frame.c) build the handler's frame, after turning an
 * interrupted call's -ERESTART* into -EINTR or a restart.
 *
 * Stop and continue are state changes only: task->stopped is set by a
 * stop signal's default action and cleared by SIGCONT; the scheduler
 * must not run a stopped task. The lone first process has nobody to
 * send it SIGCONT, so until the scheduler honours the flag it runs on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cpu.h"
#include "ksignal.h"
#include "mm.h"
#include "signal_internal.h"
#include "syscalls.h"

#define PF_VECTOR	14

struct sig_fault_regs sig_fault;

static int sig_valid(int sig)
{
	return sig >= 1 && sig <= LINUX_NSIG;
}

int sig_default_ignored(int sig)
{
	return sig == LSIGCHLD || sig == LSIGURG || sig == LSIGWINCH ||
	       sig == LSIGCONT;
}

static int sig_default_stop(int sig)
{
	return sig == LSIGSTOP || sig == LSIGTSTP || sig == LSIGTTIN ||
	       sig == LSIGTTOU;
}

static int sig_default_core(int sig)
{
	switch (sig) {
	case LSIGQUIT: case LSIGILL: case LSIGTRAP: case LSIGABRT:
	case LSIGBUS: case LSIGFPE: case LSIGSEGV: case LSIGXCPU:
	case LSIGXFSZ: case LSIGSYS:
		return 1;
	default:
		return 0;
	}
}

/* Linux's sig_ignored: a blocked signal stays, it may be unblocked
 * after a new handler is installed. */
static int sig_ignored(const struct task_struct *t, int sig)
{
	uint32_t h = t->sigaction[sig - 1].handler;

	if (t->blocked & ksigmask(sig))
		return 0;
	return h == LSIG_IGN || (h == LSIG_DFL && sig_default_ignored(sig));
}

#define STOP_SIGS	(ksigmask(LSIGSTOP) | ksigmask(LSIGTSTP) |	\
			 ksigmask(LSIGTTIN) | ksigmask(LSIGTTOU))

static int __send_signal(int sig, const struct ksiginfo *info,
			 struct task_struct *t, int force)
{
	if (sig == LSIGCONT || sig == LSIGKILL) {
		t->pending &= ~STOP_SIGS;
		t->stopped = 0;
	} else if (STOP_SIGS & ksigmask(sig)) {
		t->pending &= ~ksigmask(LSIGCONT);
	}
	if (!force && sig_ignored(t, sig))
		return 0;
	/* one of each non-realtime signal: the first one's siginfo */
	if ((t->pending & ksigmask(sig)) && !force)
		return 0;
	t->pending |= ksigmask(sig);
	t->siginfo[sig - 1] = *info;
	t->siginfo[sig - 1].signo = sig;
	return 0;
}

int send_sig_info(int sig, const struct ksiginfo *info,
		  struct task_struct *t)
{
	if (!sig)
		return 0;
	if (!sig_valid(sig) || !t)
		return -EINVAL;
	return __send_signal(sig, info, t, 0);
}

int send_sig(int sig, struct task_struct *t, int priv)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.code = priv ? LSI_KERNEL : LSI_USER;
	if (!priv && current) {
		info.pid = current->tgid;
		info.uid = current->uid;
	}
	return send_sig_info(sig, &info, t);
}

/* Linux's force_sig_info: a blocked or ignored signal gets its default
 * action back (and is unblocked), so a fault cannot loop forever. */
int force_sig_info(int sig, const struct ksiginfo *info,
		   struct task_struct *t)
{
	struct k_sigaction *ka;

	if (!sig_valid(sig) || !t)
		return -EINVAL;
	ka = &t->sigaction[sig - 1];
	if (ka->handler == LSIG_IGN || (t->blocked & ksigmask(sig))) {
		ka->handler = LSIG_DFL;
		t->blocked &= ~ksigmask(sig);
	}
	return __send_signal(sig, info, t, 1);
}

int force_sig(int sig, struct task_struct *t)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.code = LSI_KERNEL;
	return force_sig_info(sig, &info, t);
}

int force_sig_fault(int sig, int code, uint32_t addr, struct task_struct *t)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.code = code;
	info.addr = addr;
	return force_sig_info(sig, &info, t);
}

/* Lowest pending unblocked signal, taken off the set; 0 if none. */
static int dequeue_signal(struct task_struct *t, struct ksiginfo *info)
{
	uint64_t set = t->pending & ~t->blocked;
	int sig;

	if (!set)
		return 0;
	sig = __builtin_ctzll(set) + 1;
	t->pending &= ~ksigmask(sig);
	*info = t->siginfo[sig - 1];
	return sig;
}

/* The interrupted call's result, as the handler (or none) decides. */
static void syscall_restart(const struct k_sigaction *ka, uint32_t nr)
{
	long ret = (long)(int32_t)cpu_get_reg(CPU_EAX);

	switch (ret) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		if (!ka)
			break;
		cpu_set_reg(CPU_EAX, (uint32_t)-EINTR);
		return;
	case -ERESTARTSYS:
		if (ka && !(ka->flags & LSA_RESTART)) {
			cpu_set_reg(CPU_EAX, (uint32_t)-EINTR);
			return;
		}
		break;
	case -ERESTARTNOINTR:
		break;
	default:
		return;
	}
	cpu_set_reg(CPU_EAX, nr);
	cpu_set_reg(CPU_EIP, cpu_get_reg(CPU_EIP) - 2);	/* int 0x80 again */
}

/* Linux's force_sigsegv after a frame could not be written. */
static void force_sigsegv(int sig, struct task_struct *t)
{
	if (sig == LSIGSEGV)
		t->sigaction[LSIGSEGV - 1].handler = LSIG_DFL;
	force_sig(LSIGSEGV, t);
}

/* 0 when the handler's frame is on the stack, else -EFAULT. */
static int handle_signal(int sig, const struct ksiginfo *info,
			 struct k_sigaction *ka, struct task_struct *t)
{
	uint64_t oldset = t->restore_sigmask ? t->saved_sigmask : t->blocked;
	int ret;

	if (ka->flags & LSA_SIGINFO)
		ret = setup_rt_frame(sig, ka, info, oldset);
	else
		ret = setup_frame(sig, ka, oldset);
	sig_fault.valid = 0;
	if (ret) {
		force_sigsegv(sig, t);
		return ret;
	}
	t->restore_sigmask = 0;
	t->blocked |= ka->mask;
	if (!(ka->flags & LSA_NODEFER))
		t->blocked |= ksigmask(sig);
	t->blocked &= ~SIG_UNBLOCKABLE;
	if (ka->flags & LSA_RESETHAND)
		ka->handler = LSIG_DFL;
	return 0;
}

static void do_group_exit_sig(struct task_struct *t, int sig)
{
	t->exit_code = sig | (sig_default_core(sig) ? WAIT_COREFLAG : 0);
	t->state = EXIT_ZOMBIE;
	strace_killed(syscall_strace_file(), sig, sig_default_core(sig));
}

/*
 * Linux's get_signal_to_deliver + handle_signal. Default actions that
 * only change state loop on to the next signal; a handler ends it.
 */
void do_signal(int in_syscall, uint32_t nr)
{
	struct task_struct *t = current;
	struct ksiginfo info;
	struct k_sigaction *ka;
	int sig;

	if (!t || t->state == EXIT_ZOMBIE || t->state == EXIT_DEAD)
		return;
	if (nr == __NR_sigreturn || nr == __NR_rt_sigreturn)
		in_syscall = 0;		/* EAX is the restored one */
	while ((sig = dequeue_signal(t, &info))) {
		ka = &t->sigaction[sig - 1];
		if (ka->handler == LSIG_IGN)
			continue;
		strace_signal(syscall_strace_file(), sig, &info);
		if (ka->handler != LSIG_DFL) {
			if (in_syscall)
				syscall_restart(ka, nr);
			in_syscall = 0;
			if (!handle_signal(sig, &info, ka, t))
				return;
			continue;	/* the forced SIGSEGV comes next */
		}
		if (sig_default_ignored(sig))
			continue;
		if (sig_default_stop(sig)) {
			t->stopped = 1;
			continue;
		}
		do_group_exit_sig(t, sig);
		return;
	}
	if (in_syscall)
		syscall_restart(NULL, nr);
	if (t->restore_sigmask) {
		t->restore_sigmask = 0;
		t->blocked = t->saved_sigmask;
	}
}

/* si_code of a CPU fault, as do_page_fault and do_trap would say. */
static int fault_code(const struct cpu_exit *ex, uint32_t *addr)
{
	struct vm_area_struct *vma;

	*addr = ex->fault_addr;
	if (ex->trapno != PF_VECTOR) {
		*addr = cpu_get_reg(CPU_EIP);
		switch (ex->signal) {
		case LSIGFPE:
			return LFPE_INTDIV;
		case LSIGILL:
			return LILL_ILLOPN;
		default:
			*addr = 0;
			return LSI_KERNEL;
		}
	}
	if (ex->signal == LSIGBUS)
		return LBUS_ADRERR;
	vma = current->mm ? find_vma(current->mm, ex->fault_addr) : NULL;
	return vma && vma->vm_start <= ex->fault_addr ? LSEGV_ACCERR
						      : LSEGV_MAPERR;
}

static void report_kill(const struct task_struct *t,
			const struct cpu_exit *ex)
{
	fprintf(stderr, "i386mm: %s: killed by signal %d (%s)", t->comm,
		ex->signal, strsignal(ex->signal));
	if (ex->trapno == PF_VECTOR)
		fprintf(stderr, " at address 0x%08x", ex->fault_addr);
	fprintf(stderr, ", eip 0x%08x\n", cpu_get_reg(CPU_EIP));
}

void signal_cpu_exit(const struct cpu_exit *ex)
{
	struct task_struct *t = current;
	uint32_t addr;
	int code;

	if (!t)
		return;
	if (ex->reason == CPU_EXIT_SIGNAL) {
		code = fault_code(ex, &addr);
		sig_fault.valid = 1;
		sig_fault.trapno = ex->trapno;
		sig_fault.cr2 = ex->trapno == PF_VECTOR ? ex->fault_addr : 0;
		sig_fault.err = ex->trapno == PF_VECTOR ?
				4 | (code == LSEGV_ACCERR) : 0;
		if (ex->signal == LSIGKILL)
			force_sig(LSIGKILL, t);
		else
			force_sig_fault(ex->signal, code, addr, t);
	}
	signal_check_timers(t);
	do_signal(0, 0);
	if (ex->reason == CPU_EXIT_SIGNAL && t->state == EXIT_ZOMBIE &&
	    (t->exit_code & 0x7f) == ex->signal)
		report_kill(t, ex);
}

void signal_fork(struct task_struct *child, const struct task_struct *p)
{
	memcpy(child->sigaction, p->sigaction, sizeof(child->sigaction));
	child->blocked = p->blocked;
	child->sas_ss_sp = p->sas_ss_sp;
	child->sas_ss_size = p->sas_ss_size;
	child->sas_ss_flags = p->sas_ss_flags;
	child->pending = 0;
	memset(child->siginfo, 0, sizeof(child->siginfo));
	child->stopped = 0;
	child->restore_sigmask = 0;
	child->alarm_ns = 0;
}

/* Linux's flush_signal_handlers(t, 1): caught signals back to SIG_DFL,
 * ignored ones stay ignored; the mask and pending set survive exec. */
void signal_exec(struct task_struct *t)
{
	int i;

	for (i = 0; i < LINUX_NSIG; i++) {
		struct k_sigaction *ka = &t->sigaction[i];

		if (ka->handler != LSIG_IGN)
			ka->handler = LSIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = 0;
}

void task_sig_masks(const struct task_struct *t, uint64_t *ign,
		    uint64_t *cgt)
{
	int i;

	*ign = *cgt = 0;
	for (i = 0; i < LINUX_NSIG; i++) {
		if (t->sigaction[i].handler == LSIG_IGN)
			*ign |= 1ull << i;
		else if (t->sigaction[i].handler != LSIG_DFL)
			*cgt |= 1ull << i;
	}
}
