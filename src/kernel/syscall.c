/*
 * syscall.c - the int 0x80 entry (Linux's system_call): read the number
 * and the six argument registers, dispatch through sys_call_table, put
 * the result in EAX, trace the call if --strace asked, and tell the CPU
 * to stop when the task is gone so the run loop can tear it down.
 * It also sets up a new task's system-call state (sys_task_init) and
 * releases it (sys_task_exit).
 *
 * A call that must wait for another process returns -ERESTARTSYS (see
 * wait_for_other_process). If another process is alive, the task goes
 * to sleep: EIP is rewound by 2 to the int 0x80 and EAX gets the call's
 * number back, as Linux's -ERESTARTSYS path does, so the call runs again
 * when the scheduler wakes the task (sched.c) and is traced only then.
 * When no other process is alive nothing can ever wake it, so rather
 * than hang, the entry kills the task with SIGKILL and says why in one
 * line: a deadlock, as a user would call it, unless a signal is
 * pending or an alarm will send one (time jumps to it): then do_signal,
 * on the way back to user mode, makes the call -EINTR or restarts it
 * (ksignal.h); a sleeper is woken when a signal it does not block is
 * pending, so it comes here again.
 */
#include <errno.h>
#include <stdio.h>

#include "cpu.h"
#include "fdtable.h"
#include "fs.h"
#include "ksignal.h"
#include "kern_fs.h"
#include "process.h"
#include "sched.h"
#include "syscalls.h"
#include "timekeeping.h"

#define SIGKILL		9
#define INIT_UMASK	0022

#define STRACE_LINE	1024

static FILE *strace_out;

void syscall_set_strace(FILE *out)
{
	strace_out = out;
}

FILE *syscall_strace_file(void)
{
	return strace_out;
}

void syscall_set_real_time(int on)
{
	timekeeping_set_real_time(on);
}

static const char *wait_reason;

int wait_for_other_process(const char *why)
{
	wait_reason = why;
	return -ERESTARTSYS;
}

/* fds 0, 1 and 2 on the emulator's own streams, those it has open. */
static int open_std_streams(struct files_struct *files)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		struct file *file = host_stream_open(fd);

		if (IS_ERR(file)) {
			if (PTR_ERR(file) == -EBADF)
				continue;	/* the emulator's is closed */
			return (int)PTR_ERR(file);
		}
		if (__alloc_fd(files, (unsigned int)fd, (unsigned int)fd + 1,
			       0) != fd) {
			fput(file);
			return -ENOMEM;
		}
		__fd_install(files, (unsigned int)fd, file);
	}
	return 0;
}

int sys_task_init(struct task_struct *tsk)
{
	struct path root;
	int err;

	tsk->sas_ss_sp = 0;
	tsk->sas_ss_size = 0;
	tsk->sas_ss_flags = 0;
	tsk->umask = INIT_UMASK;
	tsk->pending = 0;
	tsk->files = alloc_files();
	if (!tsk->files)
		return -ENOMEM;
	err = open_std_streams(tsk->files);
	if (err)
		goto fail;
	get_vfs_root(&root);
	err = -ENOENT;
	if (!root.mnt)
		goto fail;
	tsk->fs = alloc_fs_struct(&root, &root);
	path_put(&root);
	err = -ENOMEM;
	if (!tsk->fs)
		goto fail;
	return 0;
fail:
	sys_task_exit(tsk);
	return err;
}

void sys_task_exit(struct task_struct *tsk)
{
	put_files_struct(tsk->files);
	tsk->files = NULL;
	put_fs_struct(tsk->fs);
	tsk->fs = NULL;
}

/* Nothing can wake the task: end it as SIGKILL would, saying why. */
static void kill_deadlocked(struct task_struct *tsk)
{
	fprintf(stderr, "i386mm: %s: deadlock: %s; killed by signal %d\n",
		tsk->comm, wait_reason ? wait_reason : "a wait nothing can end",
		SIGKILL);
	wait_reason = NULL;
	tsk->exit_code = SIGKILL;
	tsk->state = EXIT_ZOMBIE;
}

/* The call cannot finish yet: sleep, and run it again when woken. */
static int sleep_and_restart(const struct pt_regs *regs)
{
	current->state = TASK_INTERRUPTIBLE;
	current->sleep_gen = sched_progress;
	current->wait_reason = wait_reason;
	wait_reason = NULL;
	cpu_set_reg(CPU_EIP, cpu_get_reg(CPU_EIP) - 2);
	cpu_set_reg(CPU_EAX, regs->orig_ax);
	return CPU_SYSCALL_STOP;
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

/*
 * exec_line: an execve that succeeded, formatted before the call, while
 * the old image still held its arguments.
 */
static void trace(const struct pt_regs *regs, long ret, int exited,
		  const char *exec_line)
{
	char line[STRACE_LINE];

	if (exec_line && !ret)
		snprintf(line, sizeof(line), "%s", exec_line);
	else
		strace_format(line, sizeof(line), regs, ret, exited);
	if (nr_tasks > 1)	/* several processes: as strace -f */
		fprintf(strace_out, "[pid %d] ", current->pid);
	fprintf(strace_out, "%s\n", line);
	fflush(strace_out);
}

int do_syscall(void *opaque)
{
	static char exec_buf[STRACE_LINE];
	const char *exec_line = NULL;
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
	vfs_set_clock(fs_jiffies());	/* file times on the virtual clock */
	if (strace_out && regs.orig_ax == __NR_execve) {
		strace_format(exec_buf, sizeof(exec_buf), &regs, 0, 0);
		exec_line = exec_buf;
	}
	if (d && d->fn)
		ret = d->fn(&regs);
	if (ret == -ERESTARTSYS && !signal_pending(current)) {
		if (sched_others_alive(current))
			return sleep_and_restart(&regs);
		signal_wait_alarm(current);
		if (!signal_pending(current))
			kill_deadlocked(current);
	}
	if (ret == -ERESTARTSYS && current->restart_done)
		ret = current->restart_done;	/* ended by a signal */
	current->restart_done = 0;
	current->wake_at = 0;	/* a timed sleep ends with its call */
	sched_progress++;	/* sleepers may find what they wait for */
	signal_check_timers(current);
	exited = current->state == EXIT_ZOMBIE || current->state == EXIT_DEAD;
	if (!exited)
		cpu_set_reg(CPU_EAX, (uint32_t)ret);
	if (strace_out)
		trace(&regs, ret, exited, exec_line);
	/* the way back to user mode: handlers, restarts, kills */
	if (!exited && (signal_pending(current) || current->restore_sigmask ||
			syscall_restartable(ret))) {
		do_signal(1, regs.orig_ax);
		exited = current->state == EXIT_ZOMBIE ||
			 current->state == EXIT_DEAD;
	}
	if (need_resched) {
		need_resched = 0;
		return CPU_SYSCALL_STOP;
	}
	return exited ? CPU_SYSCALL_STOP : CPU_SYSCALL_CONTINUE;
}
