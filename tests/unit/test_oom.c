/*
 * test_oom.c - the OOM killer's choice (src/mm/oom_kill.c) on a process
 * table built by hand: tasks with fake mm_structs of known total_vm, so
 * each badness is an exact number. Checks int_sqrt, the children's half,
 * the CPU-time divisor, root's quarter, the exclusions (pid 1, a zombie,
 * a task with SIGKILL pending, one sharing current's mm) and the
 * lowest-pid tie rule. Nothing is killed: out_of_memory's kill and
 * reaper are proven by the oom_victim guests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ksignal.h"
#include "mm.h"
#include "oom.h"
#include "sched.h"

#define NT	5

static struct task_struct tasks[NT];
static struct mm_struct mms[NT];

/* pids 1..NT, each with its own mm of vm pages, uid 1000, no children. */
static void table(const unsigned long *vm)
{
	int i;

	INIT_LIST_HEAD(&task_list);
	for (i = 0; i < NT; i++) {
		struct task_struct *t = &tasks[i];

		memset(t, 0, sizeof(*t));
		memset(&mms[i], 0, sizeof(mms[i]));
		mms[i].total_vm = vm[i];
		mms[i].mm_users = 1;
		t->pid = t->tgid = i + 1;
		t->mm = &mms[i];
		t->uid = t->euid = 1000;
		t->state = TASK_RUNNING;
		INIT_LIST_HEAD(&t->children);
		INIT_LIST_HEAD(&t->sibling);
		list_add_tail(&t->tasks, &task_list);
	}
	current = &tasks[NT - 1];
}

static void adopt(int parent, int child)
{
	tasks[child].parent = &tasks[parent];
	tasks[child].ppid = parent + 1;
	list_add_tail(&tasks[child].sibling, &tasks[parent].children);
}

static void test_int_sqrt(void **state)
{
	(void)state;
	assert_int_equal(int_sqrt(0), 0);
	assert_int_equal(int_sqrt(1), 1);
	assert_int_equal(int_sqrt(3), 1);
	assert_int_equal(int_sqrt(4), 2);
	assert_int_equal(int_sqrt(99), 9);
	assert_int_equal(int_sqrt(100), 10);
	assert_int_equal(int_sqrt(4294967295ul), 65535);
}

static void test_badness(void **state)
{
	static const unsigned long vm[NT] = { 50, 100, 1000, 400, 10 };

	(void)state;
	table(vm);
	assert_int_equal(badness(&tasks[2]), 1000);
	/* half of each child's, plus one page */
	adopt(1, 2);
	adopt(1, 3);
	assert_int_equal(badness(&tasks[1]), 100 + 501 + 201);
	/* a child sharing the parent's mm (vfork) adds nothing */
	tasks[3].mm = &mms[1];
	assert_int_equal(badness(&tasks[1]), 100 + 501);
	/* CPU time: 16 ticks divide by 4; less than one tick by nothing */
	tasks[2].utime_blocks = 16ull * OOM_CPU_SCALE + 5;
	assert_int_equal(badness(&tasks[2]), 250);
	tasks[2].utime_blocks = OOM_CPU_SCALE - 1;
	assert_int_equal(badness(&tasks[2]), 1000);
	/* root: a quarter */
	tasks[2].uid = 0;
	assert_int_equal(badness(&tasks[2]), 250);
	/* exiting: nothing */
	tasks[2].pending = ksigmask(LSIGKILL);
	assert_int_equal(badness(&tasks[2]), 0);
	tasks[2].pending = 0;
	tasks[2].state = EXIT_ZOMBIE;
	assert_int_equal(badness(&tasks[2]), 0);
}

static void test_select(void **state)
{
	static const unsigned long vm[NT] = { 5000, 100, 1000, 1000, 10 };
	unsigned long points;

	(void)state;
	table(vm);
	/* pid 1 is never chosen; pids 3 and 4 tie: the lowest pid wins */
	assert_ptr_equal(select_bad_process(&points), &tasks[2]);
	assert_int_equal(points, 1000);
	/* the winner exiting: the next */
	tasks[2].pending = ksigmask(LSIGKILL);
	assert_ptr_equal(select_bad_process(&points), &tasks[3]);
	/* a task sharing current's mm: never (its death would free
	 * current's memory under its fault); current itself may be chosen */
	tasks[3].mm = &mms[4];
	assert_ptr_equal(select_bad_process(&points), &tasks[1]);
	assert_int_equal(points, 100);
	tasks[1].state = EXIT_ZOMBIE;
	assert_ptr_equal(select_bad_process(&points), &tasks[4]);
	assert_int_equal(points, 10);
	/* a task sharing pid 1's mm: never */
	tasks[4].mm = &mms[0];
	tasks[3].state = EXIT_ZOMBIE;
	current = NULL;
	assert_null(select_bad_process(&points));
	/* a children-heavy parent outranks its biggest child */
	table(vm);
	adopt(1, 2);
	adopt(1, 3);
	assert_ptr_equal(select_bad_process(&points), &tasks[1]);
	assert_int_equal(points, 100 + 501 + 501);
	INIT_LIST_HEAD(&task_list);
	current = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_sqrt),
		cmocka_unit_test(test_badness),
		cmocka_unit_test(test_select),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
