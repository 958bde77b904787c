/*
 * test_process.c - the process lifecycle through the int 0x80 entry:
 * fork's copy (a new pid, the parent's registers with EAX 0 in the
 * child, copy-on-write pages), clone's flags, exit and the zombie's wait
 * status, wait4/waitpid/waitid with WNOHANG, pid selection and sleeping
 * (EIP rewound to the int 0x80), reparenting to pid 1, RLIMIT_NPROC,
 * kill's default actions, process groups and sessions, and execve's
 * errors with the old image intact. The machine is sys_test.h's; the
 * task under test is entered in the process table as pid 1.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sys_test.h"
#include "ksignal.h"
#include "process.h"

#define STATUS	(DATA + 0x100)
#define INFO	(DATA + 0x200)
#define RUSAGE	(DATA + 0x400)

static int psetup(void **state)
{
	if (setup(state))
		return -1;
	if (attach_pid(tp) || tp->pid != 1)
		return -1;
	tp->ppid = 0;
	tp->pgrp = tp->session = 1;
	exec_set_root(root_dir, 0);
	return 0;
}

/* Every child killed and reaped, then the machine down. */
static int pteardown(void **state)
{
	struct task_struct *t, *n;

	current = tp;
	list_for_each_entry(t, &task_list, tasks)
		if (t != tp)
			zap_task(t);
	list_for_each_entry_safe(t, n, &task_list, tasks)
		if (t != tp)
			release_task(t);
	detach_pid(tp);
	assert_int_equal(nr_tasks, 0);
	return teardown(state);
}

static struct task_struct *fork_one(void)
{
	long pid = SC0(__NR_fork);
	struct task_struct *c;

	assert_true(pid > 1);
	c = find_task_by_pid((int)pid);
	assert_non_null(c);
	return c;
}

/* c calls exit(code) and the run loop tears it down. */
static void child_exit(struct task_struct *c, int code)
{
	current = c;
	SC1(__NR_exit, (uint32_t)code);
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	current = tp;
	do_exit(c);
}

static void test_fork_copies_the_process(void **state)
{
	struct task_struct *c;
	struct cpu_context *saved = cpu_context_alloc();
	uint32_t v = 0x11111111, w = 0x22222222;

	(void)state;
	poke(DATA, &v, 4);
	tp->sigaction[9].handler = 0x08049000;
	tp->blocked = 0x1000;
	cpu_set_reg(CPU_ESP, 0xbff0abcd);
	c = fork_one();
	assert_int_equal(c->pid, 2);
	assert_int_equal(c->ppid, 1);
	assert_ptr_equal(c->parent, tp);
	assert_int_equal(SC0(__NR_getppid), 0);
	assert_int_equal(nr_tasks, 2);
	assert_ptr_not_equal(c->mm, mm);
	assert_ptr_not_equal(c->files, tp->files);
	assert_ptr_not_equal(c->fs, tp->fs);
	assert_int_equal(c->sigaction[9].handler, 0x08049000);
	assert_int_equal(c->blocked, 0x1000);
	assert_int_equal(c->pgrp, 1);
	/* copy-on-write: read-only in the parent until written */
	assert_int_equal(pte_of(DATA) & _PAGE_RW, 0);
	poke(DATA, &w, 4);
	assert_int_equal(access_process_vm(c->mm, DATA, &v, 4, 0), 4);
	assert_int_equal(v, 0x11111111);
	assert_int_equal(peek32(DATA), 0x22222222);
	/* the child's registers: the parent's, with fork's 0 in EAX */
	cpu_context_save(saved);
	cpu_context_restore(c->ctx);
	assert_int_equal(cpu_get_reg(CPU_EAX), 0);
	assert_int_equal(cpu_get_reg(CPU_ESP), 0xbff0abcd);
	cpu_context_restore(saved);
	cpu_context_free(saved);
	/* the next free number, then the next */
	assert_int_equal(SC0(__NR_vfork), 3);
	assert_int_equal(nr_tasks, 3);
}

static void test_exit_and_wait_status(void **state)
{
	struct task_struct *c = fork_one(), *d = fork_one();

	(void)state;
	assert_int_equal(SC4(__NR_wait4, (uint32_t)-1, STATUS, WNOHANG, 0), 0);
	child_exit(c, 0x1ff);
	assert_int_equal(c->state, EXIT_ZOMBIE);
	assert_null(c->mm);
	assert_null(c->files);
	/* waiting for the other one finds nothing yet */
	assert_int_equal(SC3(__NR_waitpid, (uint32_t)d->pid, STATUS, WNOHANG),
			 0);
	assert_int_equal(SC4(__NR_wait4, (uint32_t)-1, STATUS, 0, RUSAGE), 2);
	assert_int_equal(peek32(STATUS), 0xff00);
	assert_null(find_task_by_pid(2));
	/* SIGTERM: pending until d returns to user mode, then it ends */
	assert_int_equal(SC2(__NR_kill, 3, LSIGTERM), 0);
	assert_int_equal(d->state, TASK_RUNNING);
	current = d;
	do_signal(0, 0);
	current = tp;
	assert_int_equal(d->state, EXIT_ZOMBIE);
	do_exit(d);
	assert_int_equal(SC3(__NR_waitpid, 3, STATUS, 0), 3);
	assert_int_equal(peek32(STATUS), 15);
	assert_int_equal(SC3(__NR_waitpid, (uint32_t)-1, STATUS, 0), -ECHILD);
	assert_int_equal(SC4(__NR_wait4, (uint32_t)-1, STATUS, 0x100, 0),
			 -EINVAL);
	assert_int_equal(nr_tasks, 1);
}

static void test_wait_sleeps_and_restarts(void **state)
{
	struct task_struct *c = fork_one();

	(void)state;
	cpu_set_reg(CPU_EIP, CODE + 0x12);
	assert_int_equal(SC4(__NR_wait4, (uint32_t)-1, STATUS, 0, 0),
			 __NR_wait4);		/* EAX is the number again */
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE + 0x10);
	assert_int_equal(tp->state, TASK_INTERRUPTIBLE);
	assert_string_equal(tp->wait_reason,
			    "wait for a child that no process can end");
	/* only the child can run; its exit wakes the parent */
	assert_ptr_equal(pick_next_task(tp), c);
	assert_ptr_equal(pick_next_task(c), c);
	child_exit(c, 3);
	assert_ptr_equal(pick_next_task(c), tp);
	assert_int_equal(tp->state, TASK_RUNNING);
	assert_int_equal(SC4(__NR_wait4, (uint32_t)-1, STATUS, 0, 0), 2);
	assert_int_equal(peek32(STATUS), 3 << 8);
}

static void test_waitid_siginfo(void **state)
{
	struct task_struct *c = fork_one();

	(void)state;
	assert_int_equal(SC5(__NR_waitid, P_PID, 2, INFO, WNOHANG | WEXITED,
			     0), 0);
	assert_int_equal(peek32(INFO + 12), 0);		/* si_pid: none */
	assert_int_equal(SC5(__NR_waitid, P_PID, 2, INFO, WNOHANG, 0),
			 -EINVAL);			/* no WEXITED */
	assert_int_equal(SC5(__NR_waitid, 7, 2, INFO, WEXITED, 0), -EINVAL);
	zap_task(c);
	assert_int_equal(SC5(__NR_waitid, P_ALL, 0, INFO, WEXITED | WNOWAIT,
			     0), 0);
	assert_int_equal(peek32(INFO), LSIGCHLD);
	assert_int_equal(peek32(INFO + 8), 2);		/* CLD_KILLED */
	assert_int_equal(peek32(INFO + 12), 2);
	assert_int_equal(peek32(INFO + 20), LSIGKILL);
	assert_non_null(find_task_by_pid(2));		/* WNOWAIT kept it */
	assert_int_equal(SC5(__NR_waitid, P_PGID, 1, INFO, WEXITED, 0), 0);
	assert_null(find_task_by_pid(2));
}

static void test_pid_selection(void **state)
{
	struct task_struct *a = fork_one(), *b = fork_one();

	(void)state;
	current = b;
	assert_int_equal(SC2(__NR_setpgid, 0, 0), 0);
	current = tp;
	assert_int_equal(b->pgrp, 3);
	zap_task(a);
	zap_task(b);
	/* pid 0: my group (a); < -1: group 3 (b) */
	assert_int_equal(SC3(__NR_waitpid, (uint32_t)-3, STATUS, 0), 3);
	assert_int_equal(SC3(__NR_waitpid, (uint32_t)-3, STATUS, WNOHANG),
			 -ECHILD);
	assert_int_equal(SC3(__NR_waitpid, 0, STATUS, 0), 2);
}

static void test_orphans_go_to_pid_1(void **state)
{
	struct task_struct *a = fork_one(), *g;
	long gpid;

	(void)state;
	current = a;
	gpid = SC0(__NR_fork);
	current = tp;
	assert_int_equal(gpid, 3);
	g = find_task_by_pid(3);
	assert_int_equal(g->ppid, 2);
	child_exit(a, 0);
	assert_int_equal(g->ppid, 1);
	assert_ptr_equal(g->parent, tp);
	current = g;
	assert_int_equal(SC0(__NR_getppid), 1);
	current = tp;
	child_exit(g, 5);
	assert_int_equal(SC3(__NR_waitpid, 3, STATUS, 0), 3);
	assert_int_equal(peek32(STATUS), 5 << 8);
	assert_int_equal(SC3(__NR_waitpid, 2, STATUS, 0), 2);
}

static void test_rlimit_nproc(void **state)
{
	(void)state;
	assert_int_equal(tp->rlim[RLIMIT_NPROC].rlim_cur, NPROC_DEFAULT);
	tp->rlim[RLIMIT_NPROC].rlim_cur = 3;
	assert_int_equal(SC0(__NR_fork), 2);
	assert_int_equal(SC0(__NR_fork), 3);
	assert_int_equal(SC0(__NR_fork), -EAGAIN);	/* 3 processes */
	assert_int_equal(nr_tasks, 3);
	zap_task(find_task_by_pid(2));
	assert_int_equal(SC0(__NR_fork), -EAGAIN);	/* zombies count */
	assert_int_equal(SC3(__NR_waitpid, 2, STATUS, 0), 2);
	assert_int_equal(SC0(__NR_fork), 4);	/* after the last, as Linux */
}

static void test_clone_flags(void **state)
{
	struct task_struct *c;
	uint32_t v = 0;
	long pid;

	(void)state;
	assert_int_equal(SC5(__NR_clone, CLONE_VM | CLONE_THREAD |
			     CLONE_SIGHAND | LSIGCHLD, 0, 0, 0, 0), -EINVAL);
	assert_int_equal(SC5(__NR_clone, LSIGCHLD, DATA + 0x1000, 0, 0, 0),
			 -EINVAL);
	pid = SC5(__NR_clone, LSIGCHLD | CLONE_PARENT_SETTID |
		  CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, 0, DATA,
		  0, DATA + 4);
	assert_int_equal(pid, 2);
	c = find_task_by_pid(2);
	assert_int_equal(peek32(DATA), 2);		/* parent's tid */
	assert_int_equal(peek32(DATA + 4), 0);		/* not the parent's */
	assert_int_equal(access_process_vm(c->mm, DATA + 4, &v, 4, 0), 4);
	assert_int_equal(v, 2);
	assert_int_equal(c->clear_child_tid, DATA + 4);
}

static void test_kill_and_wake(void **state)
{
	struct task_struct *c = fork_one();

	(void)state;
	assert_int_equal(SC2(__NR_kill, 2, 0), 0);
	assert_int_equal(SC2(__NR_kill, 99, 0), -ESRCH);
	assert_int_equal(SC2(__NR_kill, 2, 65), -EINVAL);
	assert_int_equal(SC2(__NR_kill, 2, LSIGCHLD), 0);	/* ignored */
	assert_int_equal(c->pending, 0);
	assert_int_equal(SC3(__NR_tgkill, 3, 2, LSIGUSR2), -ESRCH);
	/* a sleeper stays asleep until a signal it does not block */
	c->state = TASK_INTERRUPTIBLE;
	c->sleep_gen = sched_progress;
	c->blocked = ksigmask(LSIGUSR2);
	assert_ptr_equal(pick_next_task(tp), tp);
	assert_int_equal(SC3(__NR_tgkill, 2, 2, LSIGUSR2), 0);
	c->sleep_gen = sched_progress;		/* the call was progress */
	assert_ptr_equal(pick_next_task(tp), tp);
	c->sigaction[LSIGUSR1 - 1].handler = 0x08049000;
	assert_int_equal(SC2(__NR_kill, 2, LSIGUSR1), 0);
	c->sleep_gen = sched_progress;
	assert_int_equal(c->pending, ksigmask(LSIGUSR1) | ksigmask(LSIGUSR2));
	assert_int_equal(c->siginfo[LSIGUSR1 - 1].pid, 1);
	assert_ptr_equal(pick_next_task(tp), c);
	assert_int_equal(c->state, TASK_RUNNING);
	/* a stopped task is not run, and cannot wake anyone */
	c->stopped = 1;
	assert_ptr_equal(pick_next_task(tp), tp);
	assert_int_equal(sched_others_alive(tp), 0);
	zap_task(c);
	assert_int_equal(c->state, EXIT_ZOMBIE);
	assert_null(c->mm);
	assert_int_equal(SC3(__NR_waitpid, 2, STATUS, 0), 2);
	assert_int_equal(peek32(STATUS), LSIGKILL);
	assert_int_equal(SC2(__NR_kill, (uint32_t)-1, 0), -ESRCH);
}

static void test_groups_and_sessions(void **state)
{
	struct task_struct *c = fork_one();

	(void)state;
	assert_int_equal(SC0(__NR_getpgrp), 1);
	assert_int_equal(SC1(__NR_getsid, 0), 1);
	assert_int_equal(SC0(__NR_setsid), -EPERM);	/* a group leader */
	assert_int_equal(SC2(__NR_setpgid, 0, 0), -EPERM); /* session leader */
	assert_int_equal(SC2(__NR_setpgid, 2, 5), -EPERM); /* no group 5 */
	assert_int_equal(SC2(__NR_setpgid, 9, 0), -ESRCH);
	assert_int_equal(SC2(__NR_setpgid, 2, (uint32_t)-1), -EINVAL);
	current = c;
	assert_int_equal(SC0(__NR_setsid), 2);
	assert_int_equal(SC1(__NR_getsid, 0), 2);
	assert_int_equal(SC1(__NR_getpgid, 0), 2);
	current = tp;
	assert_int_equal(SC1(__NR_getsid, 2), 2);
	assert_int_equal(SC1(__NR_getpgid, 7), -ESRCH);
	assert_int_equal(SC2(__NR_setpgid, 2, 2), -EPERM); /* other session */
}

static void test_round_robin(void **state)
{
	struct task_struct *b = fork_one(), *c = fork_one();

	(void)state;
	assert_ptr_equal(pick_next_task(tp), b);
	assert_ptr_equal(pick_next_task(b), c);
	assert_ptr_equal(pick_next_task(c), tp);
	b->state = c->state = TASK_INTERRUPTIBLE;
	b->sleep_gen = c->sleep_gen = sched_progress;
	assert_ptr_equal(pick_next_task(tp), tp);
	tp->state = TASK_INTERRUPTIBLE;
	tp->sleep_gen = sched_progress;
	assert_null(pick_next_task(tp));		/* a deadlock */
	assert_int_equal(sched_others_alive(tp), 1);
	SC0(__NR_getpid);	/* someone's progress */
	assert_ptr_equal(pick_next_task(c), tp);
	assert_int_equal(tp->state, TASK_RUNNING);
	assert_ptr_equal(pick_next_task(tp), b);
}

static void test_sleep_with_another_alive(void **state)
{
	int fds[2];

	(void)state;
	fork_one();
	assert_int_equal(SC1(__NR_pipe, DATA), 0);
	peek(DATA, fds, sizeof(fds));
	cpu_set_reg(CPU_EIP, CODE + 2);
	assert_int_equal(SC3(__NR_read, (uint32_t)fds[0], DATA + 64, 1),
			 __NR_read);
	assert_int_equal(tp->state, TASK_INTERRUPTIBLE);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE);
	assert_string_equal(tp->wait_reason, "read of an empty pipe that no "
			    "other process can fill");
	tp->state = TASK_RUNNING;
}

static void test_nanosleep_on_the_virtual_clock(void **state)
{
	struct task_struct *c = fork_one();
	int32_t ts[2] = { 1, 500 };		/* 1 s + 500 ns */
	int64_t t0 = ktime_get_ns();

	(void)state;
	poke(DATA, ts, sizeof(ts));
	assert_int_equal(SC2(__NR_nanosleep, DATA, 0), __NR_nanosleep);
	assert_int_equal(tp->state, TASK_INTERRUPTIBLE);
	assert_int_equal(tp->wake_at, t0 + NSEC_PER_SEC + 500);
	assert_int_equal(ktime_get_ns(), t0);	/* time did not jump */
	assert_ptr_equal(pick_next_task(tp), c);
	c->state = TASK_INTERRUPTIBLE;
	c->sleep_gen = sched_progress;
	assert_null(pick_next_task(c));
	assert_int_equal(sched_next_timer(), 1);
	assert_int_equal(ktime_get_ns(), t0 + NSEC_PER_SEC + 500);
	assert_ptr_equal(pick_next_task(c), tp);
	assert_int_equal(SC2(__NR_nanosleep, DATA, 0), 0);  /* restarted */
	assert_int_equal(tp->wake_at, 0);
	assert_int_equal(ktime_get_ns(), t0 + NSEC_PER_SEC + 500);
	c->state = TASK_RUNNING;
	/* alone, the clock just jumps */
	zap_task(c);
	assert_int_equal(SC2(__NR_nanosleep, DATA, 0), 0);
	assert_int_equal(ktime_get_ns(), t0 + 2 * (NSEC_PER_SEC + 500));
	assert_int_equal(sched_next_timer(), 0);
}

static void make_file(const char *name, const char *text, mode_t mode)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root_dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_execve_errors_keep_the_image(void **state)
{
	uint32_t argv[2] = { DATA + 0x80, 0 };

	(void)state;
	make_file("plain", "hello\n", 0644);
	make_file("text", "hello\n", 0755);
	make_file("script", "#!/text\n", 0755);
	make_file("loop", "#!/loop\n", 0755);
	poke_str(DATA + 0x40, "/missing");
	poke_str(DATA + 0x80, "arg0");
	poke(DATA + 0xc0, argv, sizeof(argv));
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, DATA + 0xc0, 0),
			 -ENOENT);
	poke_str(DATA + 0x40, "/plain");
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, DATA + 0xc0, 0),
			 -EACCES);
	poke_str(DATA + 0x40, "/");
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, DATA + 0xc0, 0),
			 -EACCES);
	poke_str(DATA + 0x40, "/text");
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, DATA + 0xc0, 0),
			 -ENOEXEC);
	poke_str(DATA + 0x40, "/script");
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, DATA + 0xc0, 0),
			 -ENOEXEC);
	poke_str(DATA + 0x40, "/loop");
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, DATA + 0xc0, 0),
			 -ELOOP);
	assert_int_equal(SC3(__NR_execve, DATA + 0x40, NONE, 0), -EFAULT);
	assert_int_equal(SC3(__NR_execve, NONE, DATA + 0xc0, 0), -EFAULT);
	/* still the old image */
	assert_ptr_equal(tp->mm, mm);
	assert_string_equal(tp->comm, "guest");
	assert_int_equal(tp->state, TASK_RUNNING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, psetup, pteardown)
		T(test_fork_copies_the_process),
		T(test_exit_and_wait_status),
		T(test_wait_sleeps_and_restarts),
		T(test_waitid_siginfo),
		T(test_pid_selection),
		T(test_orphans_go_to_pid_1),
		T(test_rlimit_nproc),
		T(test_clone_flags),
		T(test_kill_and_wake),
		T(test_groups_and_sessions),
		T(test_round_robin),
		T(test_sleep_with_another_alive),
		T(test_nanosleep_on_the_virtual_clock),
		T(test_execve_errors_keep_the_image),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
