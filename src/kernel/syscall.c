/*
 * syscall.c - the int 0x80 entry (Linux's system_call): read the number
 * and the six argument registers, dispatch through sys_call_table, put
 * the result in EAX, trace the call if --strace asked, and tell the CPU
 * to stop when the task is gone so the run loop can tear it down.
 * It also sets up a new task's system-call state (sys_task_init).
 */
#include <errno.h>

#include "cpu.h"
#include "sched.h"
#include "syscalls.h"
#include "timekeeping.h"

#define STRACE_LINE	1024

static FILE *strace_out;

void syscall_set_strace(FILE *out)
{
	strace_out = out;
}

void syscall_set_real_time(int on)
{
	timekeeping_set_real_time(on);
}

void sys_task_init(struct task_struct *tsk)
{
	files_init(tsk);
	tsk->sas_ss_sp = 0;
	tsk->sas_ss_size = 0;
	tsk->sas_ss_flags = 0;
}

static void read_regs(struct pt_regs *regs)
{
	regs->orig_ax = cpu_get_reg(CPU_EAX);
	regs->bx = cpu_get_reg(CPU_EBX);
	regs->cx = cpu_get_reg(CPU_ECX);
	regs->dx = cpu_get_reg(CPU_EDX);
	regs->si = cpu_get_reg(CPU_ESI);
	regs->di = cpu_get_reg(CPU_EDI);
	regs->bp = cpu_get_reg(CPU_EBP);
}

static void trace(const struct pt_regs *regs, long ret, int exited)
{
	char line[STRACE_LINE];

	strace_format(line, sizeof(line), regs, ret, exited);
	fprintf(strace_out, "%s\n", line);
	fflush(strace_out);
}

int do_syscall(void *opaque)
{
	const struct syscall_desc *d = NULL;
	struct pt_regs regs;
	long ret = -ENOSYS;
	int exited;

	(void)opaque;
	read_regs(&regs);
	if (regs.orig_ax < NR_syscalls)
		d = &sys_call_table[regs.orig_ax];
	if (!current) {		/* no task: nothing can be done for it */
		cpu_set_reg(CPU_EAX, (uint32_t)-ESRCH);
		return CPU_SYSCALL_STOP;
	}
	if (d && d->fn)
		ret = d->fn(&regs);
	exited = current->state == EXIT_ZOMBIE || current->state == EXIT_DEAD;
	if (!exited)
		cpu_set_reg(CPU_EAX, (uint32_t)ret);
	if (strace_out)
		trace(&regs, ret, exited);
	return exited ? CPU_SYSCALL_STOP : CPU_SYSCALL_CONTINUE;
}
