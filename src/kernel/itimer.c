/*
 * itimer.c - alarm(2) on the machine's clock (timekeeping.h), as Linux's
 * alarm_setitimer on ITIMER_REAL: a deadline in the task, checked each
 * time the task goes back to user mode (after a system call and after
 * every CPU slice), when SIGALRM is sent. The clock is virtual by
 * default, so an alarm fires after the same number of basic blocks and
 * sleeps on every run.
 *
 * A lone process that waits for something only another process could
 * bring (pause, sigsuspend, a read of an empty pipe) would otherwise be
 * a deadlock; with an alarm armed its wait ends at the alarm instead:
 * time jumps to the deadline and SIGALRM interrupts the call.
 */
#include "ksignal.h"
#include "syscalls.h"
#include "timekeeping.h"

void signal_check_timers(struct task_struct *t)
{
	if (t->alarm_ns && ktime_get_ns() >= t->alarm_ns) {
		t->alarm_ns = 0;
		send_sig(LSIGALRM, t, 1);
	}
}

int signal_wait_alarm(struct task_struct *t)
{
	int64_t now;

	if (!t->alarm_ns)
		return 0;
	now = ktime_get_ns();
	if (t->alarm_ns > now)
		timekeeping_sleep(t->alarm_ns - now);
	t->alarm_ns = 0;
	send_sig(LSIGALRM, t, 1);
	return 1;
}

/* The seconds left of the old alarm, rounded as Linux's (to nearest,
 * and never 0 for one still armed). */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	int64_t now = ktime_get_ns(), left = 0;
	long old = 0;

	if (current->alarm_ns) {
		left = current->alarm_ns - now;
		if (left < 1)
			left = 1;
		old = (long)(left / NSEC_PER_SEC);
		if (left % NSEC_PER_SEC >= NSEC_PER_SEC / 2 || !old)
			old++;
	}
	current->alarm_ns = seconds ?
		ktime_add_safe(now, (int64_t)seconds * NSEC_PER_SEC) : 0;
	return old;
}
