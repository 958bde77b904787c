/*
 * sched.c - the process table and the scheduler's choices: pids handed
 * out as the next free number after the last one (deterministic, as
 * Linux's alloc_pidmap without randomness), the table in pid order for
 * procfs, round-robin selection of the next runnable task, and the
 * wake-up rule for sleepers.
 *
 * Sleeping: a call that must wait returns -ERESTARTSYS and the entry
 * (syscall.c) rewinds the task to its int 0x80 (Linux's restart path),
 * recording sched_progress in sleep_gen. Any completed system call or
 * exit of another task moves sched_progress; a sleeper whose sleep_gen
 * is behind becomes runnable and retries its call, which either
 * completes or sleeps again. So nothing needs wait queues, and a
 * sleeper that retried since the last progress of anyone truly cannot
 * be woken: when every live task is such a sleeper, pick_next_task
 * finds none and the run loop declares the deadlock, unless one sleeps
 * on a timer: then virtual time jumps to the earliest deadline.
 */
#include <errno.h>
#include <stddef.h>

#include "kern_fs.h"
#include "ksignal.h"
#include "proc_fs.h"
#include "sched.h"
#include "timekeeping.h"

uint64_t sched_progress;
int need_resched;
struct list_head task_list = LIST_HEAD_INIT(task_list);
int nr_tasks;
static int last_pid;

struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

int attach_pid(struct task_struct *tsk)
{
	struct task_struct *t;
	int pid = last_pid, tries;

	for (tries = 0; tries < PID_MAX; tries++) {
		pid = pid >= PID_MAX - 1 ? 1 : pid + 1;
		if (!find_task_by_pid(pid))
			break;
	}
	if (tries == PID_MAX)
		return -EAGAIN;
	last_pid = pid;
	tsk->pid = tsk->tgid = pid;
	/* keep the table sorted by pid: procfs lists it in order */
	list_for_each_entry(t, &task_list, tasks)
		if (t->pid > pid)
			break;
	list_add_tail(&tsk->tasks, &t->tasks);
	nr_tasks++;
	return 0;
}

void detach_pid(struct task_struct *tsk)
{
	if (list_empty(&tsk->tasks))
		return;
	list_del_init(&tsk->tasks);
	nr_tasks--;
	if (!nr_tasks)
		last_pid = 0;
}

/* Could still act: neither gone nor stopped. */
static int alive(const struct task_struct *t)
{
	return (t->state == TASK_RUNNING || t->state == TASK_INTERRUPTIBLE) &&
	       !t->stopped;
}

int sched_others_alive(const struct task_struct *tsk)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t != tsk && alive(t))
			return 1;
	return 0;
}

/* Runnable, or asleep since before someone's progress: worth a retry. */
static int can_run(struct task_struct *t)
{
	if (t->state == TASK_RUNNING || t->state == TASK_INTERRUPTIBLE)
		signal_check_timers(t);		/* alarm(2) */
	if (t->stopped)
		return 0;
	if (t->state == TASK_INTERRUPTIBLE &&
	    (t->sleep_gen != sched_progress || signal_pending(t) ||
	     (t->wake_at && ktime_get_ns() >= t->wake_at))) {
		t->state = TASK_RUNNING;
		t->wait_reason = NULL;
		t->woken = 1;
	}
	return t->state == TASK_RUNNING;
}

struct task_struct *pick_next_task(struct task_struct *prev)
{
	struct list_head *start = prev && !list_empty(&prev->tasks)
				  ? &prev->tasks : &task_list;
	struct list_head *pos = start->next;

	for (;;) {
		if (pos != &task_list) {
			struct task_struct *t =
				list_entry(pos, struct task_struct, tasks);

			if (can_run(t))
				return t;
		}
		if (pos == start)
			return NULL;
		pos = pos->next;
	}
}

/* ------------------------------------------------------------ timers */

int schedule_timeout(int64_t ns, const char *why)
{
	int64_t now;

	if (timekeeping_real_time() || !current ||
	    !sched_others_alive(current)) {
		if (current && current->wake_at)
			ns = current->wake_at - ktime_get_ns();
		if (current)
			current->wake_at = 0;
		timekeeping_sleep(ns);
		return 0;
	}
	now = ktime_get_ns();
	if (!current->wake_at) {
		if (ns <= 0)
			return 0;
		current->wake_at = ktime_add_safe(now, ns);
	}
	if (now >= current->wake_at) {
		current->wake_at = 0;
		return 0;
	}
	return wait_for_other_process(why);
}

int sched_next_timer(void)
{
	struct task_struct *t;
	int64_t first = 0;

	list_for_each_entry(t, &task_list, tasks) {
		if (t->state == TASK_INTERRUPTIBLE && !t->stopped &&
		    t->wake_at && (!first || t->wake_at < first))
			first = t->wake_at;
		if (t->state != EXIT_ZOMBIE && t->alarm_ns &&
		    (!first || t->alarm_ns < first))
			first = t->alarm_ns;
	}
	if (!first)
		return 0;
	timekeeping_sleep(first - ktime_get_ns());
	return 1;
}

/* ------------------------------------------------------------ procfs */

static struct task_struct *proc_self(void)
{
	return current;
}

static int proc_next_pid(int after)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->pid > after)
			return t->pid;
	return -1;
}

static const struct proc_task_ops sched_task_ops = {
	.self = proc_self,
	.find = find_task_by_pid,
	.next_pid = proc_next_pid,
};

void sched_proc_register(int on)
{
	proc_set_task_ops(on ? &sched_task_ops : NULL);
}
