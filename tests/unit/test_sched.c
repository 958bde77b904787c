/*
 * test_sched.c - the scheduler and the process lifecycle with real
 * programs: i386mm runs tests/fixtures/sched_guest.c (a static i386
 * program) in a child of the test, as the CLI would, and the test checks
 * its output, its exit status, the "nothing lost" pair of its
 * --stats-json, and that a second run gives byte-identical statistics
 * and output. Modes: a deadlocked pair killed in one line, timed sleeps
 * on the virtual clock, orphans reparented to pid 1, pid 1's exit
 * killing the rest, round robin between CPU-bound children, and signals
 * between processes (kill, alarm, SIGCHLD).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel.h"
#include "guest_run.h"

static uint64_t quantum = RUN_QUANTUM_BLOCKS;	/* --quantum */

static void run_guest(const char *mode, struct guest_run *g)
{
	run_fixture(FIXTURE_SCHED_GUEST, mode, quantum, 1, g);
}

static long json_get(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(json, pat);
	assert_non_null(p);
	return strtol(p + strlen(pat), NULL, 10);
}

/* The JSON without its one host-time line. */
static void strip_wall(char *json)
{
	char *p = strstr(json, "\"wall_seconds\"");

	if (p) {
		char *eol = strchr(p, '\n');

		memmove(p, eol + 1, strlen(eol + 1) + 1);
	}
}

/* Run mode twice: same output, same figures, nothing lost. */
static void run_checked(const char *mode, struct guest_run *g)
{
	static struct guest_run again;

	run_guest(mode, g);
	run_guest(mode, &again);
	assert_int_equal(json_get(g->json, "free_pages_boot"),
			 json_get(g->json, "free_pages_exit"));
	assert_int_equal(json_get(g->json, "swap_used_exit"), 0);
	strip_wall(g->json);
	strip_wall(again.json);
	assert_string_equal(g->json, again.json);
	assert_string_equal(g->out, again.out);
	assert_string_equal(g->err, again.err);
	assert_int_equal(g->status, again.status);
}

static void test_deadlocked_pair(void **state)
{
	static struct guest_run g;

	(void)state;
	run_checked("deadlock", &g);
	assert_int_equal(g.status, 128 + 9);
	assert_string_equal(g.err, "i386mm: deadlock: sched_guest (pid 1): "
			    "read of an empty pipe that no other process can "
			    "fill, sched_guest (pid 2): read of an empty pipe "
			    "that no other process can fill; killed by signal "
			    "9\n");
	assert_int_equal(json_get(g.json, "signal"), 9);
}

static void test_timed_sleeps(void **state)
{
	static struct guest_run g;
	int ms = 0;

	(void)state;
	run_checked("sleep", &g);
	assert_int_equal(g.status, 0);
	assert_int_equal(sscanf(g.out, "order 123 after %d ms\n", &ms), 1);
	/* 300 ms slept, a few more of virtual CPU time */
	assert_in_range(ms, 300, 310);
	assert_string_equal(g.err, "");
}

static void test_orphans_reparented(void **state)
{
	static struct guest_run g;

	(void)state;
	run_checked("orphan", &g);
	assert_int_equal(g.status, 0);
	assert_string_equal(g.out, "grandchild saw ppid 1, reaped 57\n");
}

static void test_init_exit_kills_the_rest(void **state)
{
	static struct guest_run g;

	(void)state;
	run_checked("init_exit", &g);
	assert_int_equal(g.status, 3);
	assert_string_equal(g.out, "");
	assert_string_equal(g.err, "");
}

static void test_round_robin_turns(void **state)
{
	static struct guest_run g;

	(void)state;
	run_checked("spin", &g);
	assert_int_equal(g.status, 0);
	assert_string_equal(g.out, "turns ababab\n");
	/* every switch between the three loads CR3 */
	assert_true(json_get(g.json, "tlb_flushes") > 20);
}

/* Writes larger than the pipe sleep and go on where they stopped. */
static void test_big_writes_resume(void **state)
{
	static struct guest_run g;

	(void)state;
	run_checked("bigwrite", &g);
	assert_int_equal(g.status, 0);
	assert_string_equal(g.out, "read 350000 bytes, 0 wrong, writer "
				   "status 0\n");
}

/* A slice 100 times shorter: the same turns, many more switches. */
static void test_quantum(void **state)
{
	static struct guest_run g;
	long flushes;

	(void)state;
	run_checked("spin", &g);
	flushes = json_get(g.json, "tlb_flushes");
	quantum = RUN_QUANTUM_BLOCKS / 100;
	run_checked("spin", &g);
	quantum = RUN_QUANTUM_BLOCKS;
	assert_string_equal(g.out, "turns ababab\n");
	assert_true(json_get(g.json, "tlb_flushes") > 50 * flushes);
}

static void test_signals_between_processes(void **state)
{
	static struct guest_run g;

	(void)state;
	run_checked("signals", &g);
	assert_int_equal(g.status, 0);
	assert_string_equal(g.out, "paused child: handler ran for 10\n"
				   "alarmed child: killed by 14\n"
				   "spinning child: killed by 15\n"
				   "parent: pause ended by 17\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadlocked_pair),
		cmocka_unit_test(test_timed_sleeps),
		cmocka_unit_test(test_orphans_reparented),
		cmocka_unit_test(test_init_exit_kills_the_rest),
		cmocka_unit_test(test_round_robin_turns),
		cmocka_unit_test(test_big_writes_resume),
		cmocka_unit_test(test_quantum),
		cmocka_unit_test(test_signals_between_processes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
