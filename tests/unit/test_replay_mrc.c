/*
 * test_replay_mrc.c - miss-ratio curves in one pass (src/replay/sim.c):
 * Mattson's LRU stack distances and the OPT priority stack must give, at
 * every size, exactly the faults of a separate run of the policy with
 * that many frames; the side-by-side row must too; and --mrc's SIZES
 * parse as documented.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/replay/future.h"
#include "../../src/replay/sim.h"

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * n requests as dense ids (first-seen order, as pure.c makes them for
 * opt) with their next uses: a loop over a working set that drifts, a
 * hot set, and a scan now and then
 */
static struct future_req *make_trace(size_t n, uint64_t seed, unsigned ws)
{
	struct future_req *r = malloc(n * sizeof(*r));
	uint64_t *raw = malloc(n * sizeof(*raw)), base = 0, key;
	uint32_t *last, npages = 0;
	struct phash ids;
	uint32_t id;
	size_t i;

	assert_non_null(r);
	assert_non_null(raw);
	for (i = 0; i < n; i++) {
		uint64_t x = rnd(&seed);

		if (x % 1000 == 0)
			base += ws / 4;
		if (x % 7 == 0)
			raw[i] = 1000000 + (x >> 12) % 16;
		else if (x % 11 == 0)
			raw[i] = 2000000 + i;	/* a scan: never again */
		else
			raw[i] = base + (x >> 20) % ws;
	}
	assert_int_equal(phash_init(&ids, 16), 0);
	for (i = 0; i < n; i++) {
		key = raw[i];
		id = phash_get(&ids, key);
		if (id == PHASH_NONE) {
			id = npages++;
			assert_int_equal(phash_put(&ids, key, id), 0);
		}
		r[i].idk = id;
	}
	last = malloc(npages * sizeof(*last));
	assert_non_null(last);
	future_fill(r, n, last, npages);
	free(last);
	free(raw);
	phash_free(&ids);
	return r;
}

static uint64_t next_of(const struct future_req *r)
{
	return r->next == FUTURE_NEVER ? NEXT_NEVER : r->next;
}

static uint64_t separate_run(const struct policy_ops *ops, uint64_t frames,
			     const struct future_req *r, size_t n)
{
	struct policy *p = policy_create(ops, frames);
	uint64_t faults = 0;
	size_t i;
	int x;

	assert_non_null(p);
	for (i = 0; i < n; i++) {
		x = policy_access(p, r[i].idk, next_of(&r[i]));
		assert_true(x == 0 || x == 1);
		faults += (unsigned)x;
	}
	policy_destroy(p);
	return faults;
}

/* one pass over sizes (stack or not) equals a separate run at each */
static void check_curve(const struct policy_ops *ops, int stack,
			const struct future_req *r, size_t n,
			const uint64_t *size, unsigned nsizes)
{
	struct sim s;
	unsigned i;
	size_t k;

	assert_int_equal(sim_init(&s, ops, size, nsizes, stack), 0);
	if (stack)
		assert_int_not_equal(s.mode, SIM_POLICIES);
	for (k = 0; k < n; k++)
		assert_true(sim_access(&s, r[k].idk, next_of(&r[k])) >= 0);
	assert_int_equal(s.requests, n);
	for (i = 0; i < nsizes; i++) {
		uint64_t want = separate_run(ops, size[i], r, n);

		if (sim_faults(&s, i) != want)
			fail_msg("%s %s, %llu frames: %llu faults in one pass, "
				 "%llu alone", ops->name, stack ? "stack" :
				 "row", (unsigned long long)size[i],
				 (unsigned long long)sim_faults(&s, i),
				 (unsigned long long)want);
	}
	/* more frames never fault more for a stack algorithm */
	for (i = 1; stack && i < nsizes; i++)
		assert_true(sim_faults(&s, i) <= sim_faults(&s, i - 1));
	sim_free(&s);
}

static const uint64_t sizes[] = { 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144,
				  233, 377, 610, 987, 1597 };
#define NSIZES ((unsigned)(sizeof(sizes) / sizeof(*sizes)))

static void test_lru_stack(void **state)
{
	/* 200,000 requests: the time counter is renumbered twice */
	struct future_req *r = make_trace(200000, 42, 800);

	(void)state;
	check_curve(&policy_lru, 1, r, 200000, sizes, NSIZES);
	free(r);
}

static void test_opt_stack(void **state)
{
	struct future_req *r = make_trace(60000, 7, 600);

	(void)state;
	check_curve(&policy_opt, 1, r, 60000, sizes, NSIZES);
	free(r);
}

static void test_side_by_side(void **state)
{
	struct future_req *r = make_trace(20000, 3, 300);

	(void)state;
	check_curve(&policy_fifo, 0, r, 20000, sizes, 12);
	check_curve(&policy_clock, 0, r, 20000, sizes, 12);
	check_curve(&policy_linux, 0, r, 20000, sizes, 12);
	/* the row works for stack policies too */
	check_curve(&policy_lru, 0, r, 20000, sizes, 12);
	free(r);
}

static void test_textbook_curves(void **state)
{
	static const uint32_t ref[] = { 0, 1, 2, 3, 0, 1, 4, 0, 1, 2, 3, 4 };
	static const uint64_t two[] = { 3, 4 };
	struct future_req r[12];
	uint32_t last[5];
	struct sim s;
	unsigned i;

	(void)state;
	for (i = 0; i < 12; i++)
		r[i].idk = ref[i];
	future_fill(r, 12, last, 5);
	assert_int_equal(sim_init(&s, &policy_fifo, two, 2, 1), 0);
	assert_int_equal(s.mode, SIM_POLICIES);	/* no stack for FIFO */
	for (i = 0; i < 12; i++)
		sim_access(&s, r[i].idk, next_of(&r[i]));
	assert_int_equal(sim_faults(&s, 0), 9);
	assert_int_equal(sim_faults(&s, 1), 10);
	sim_free(&s);
	assert_int_equal(sim_init(&s, &policy_lru, two, 2, 1), 0);
	for (i = 0; i < 12; i++)
		sim_access(&s, r[i].idk, next_of(&r[i]));
	assert_int_equal(sim_faults(&s, 0), 10);
	assert_int_equal(sim_faults(&s, 1), 8);
	/*
	 * distances: 1 2 3 4 first, 1 2 at 4, 5 first, 1 2 at 3, 3 4 5
	 * at 5: beyond 4 frames, 5 first requests and three at 5
	 */
	assert_int_equal(s.lru.hist.beyond, 8);
	assert_int_equal(s.lru.hist.count[4], 2);
	assert_int_equal(s.lru.hist.count[3], 2);
	assert_int_equal(s.lru.hist.count[2] + s.lru.hist.count[1], 0);
	sim_free(&s);
	assert_int_equal(sim_init(&s, &policy_opt, two, 2, 1), 0);
	for (i = 0; i < 12; i++)
		sim_access(&s, r[i].idk, next_of(&r[i]));
	assert_int_equal(sim_faults(&s, 0), 7);
	assert_int_equal(sim_faults(&s, 1), 6);
	sim_free(&s);
}

static void expect_sizes(const char *text, const uint64_t *want,
			 unsigned nwant)
{
	uint64_t *size;
	unsigned n, i;
	char err[128];

	if (mrc_parse_sizes(text, &size, &n, err, sizeof(err)))
		fail_msg("'%s': %s", text, err);
	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++)
		assert_int_equal(size[i], want[i]);
	free(size);
}

static void expect_bad(const char *text, const char *msg)
{
	uint64_t *size = NULL;
	unsigned n;
	char err[128] = "";

	assert_int_equal(mrc_parse_sizes(text, &size, &n, err, sizeof(err)),
			 -1);
	assert_null(size);
	if (!strstr(err, msg))
		fail_msg("'%s': error '%s' lacks '%s'", text, err, msg);
}

/* a largest size far beyond the trace costs nothing up front */
static void test_huge_sizes(void **state)
{
	static const uint64_t huge[] = { 2, 1000, 4000000000u };
	struct future_req *r = make_trace(5000, 11, 100);
	struct sim s;
	unsigned pol;
	size_t k;

	(void)state;
	for (pol = 0; pol < 2; pol++) {
		const struct policy_ops *ops = pol ? &policy_opt : &policy_lru;

		assert_int_equal(sim_init(&s, ops, huge, 3, 1), 0);
		for (k = 0; k < 5000; k++)
			assert_int_equal(sim_access(&s, r[k].idk,
						    next_of(&r[k])), 0);
		/* every page fits: only first requests fault */
		assert_int_equal(sim_faults(&s, 2), sim_faults(&s, 1));
		assert_int_equal(sim_faults(&s, 1),
				 separate_run(ops, 1000, r, 5000));
		assert_int_equal(sim_faults(&s, 0),
				 separate_run(ops, 2, r, 5000));
		sim_free(&s);
	}
	free(r);
}

static void test_parse_sizes(void **state)
{
	static const uint64_t a[] = { 64, 128, 256 };
	static const uint64_t b[] = { 1, 4, 7, 10 };
	static const uint64_t c[] = { 3, 5, 6, 8, 9 };
	uint64_t *size;
	unsigned n;
	char err[128];

	(void)state;
	expect_sizes("64,128,256", a, 3);
	expect_sizes("256,64,128,64", a, 3);
	expect_sizes("1:10:3", b, 4);
	expect_sizes("1:11:3,1", b, 4);
	expect_sizes("5:9:3,9,3,6", c, 5);
	assert_int_equal(mrc_parse_sizes("64:4096:64", &size, &n, err,
					 sizeof(err)), 0);
	assert_int_equal(n, 64);
	assert_int_equal(size[0], 64);
	assert_int_equal(size[63], 4096);
	free(size);
	expect_bad("", "not a list");
	expect_bad("64,", "not a list");
	expect_bad("64,,128", "not a list");
	expect_bad("12k", "not a list");
	expect_bad("-5", "not a list");
	expect_bad("1:10", "not a list");
	expect_bad("0", "1..");
	expect_bad("10:1:1", "FIRST <= LAST");
	expect_bad("1:10:0", "STEP >= 1");
	expect_bad("1:5000:1", "more than 4096");
	expect_bad("99999999999", "1..");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lru_stack),
		cmocka_unit_test(test_opt_stack),
		cmocka_unit_test(test_side_by_side),
		cmocka_unit_test(test_textbook_curves),
		cmocka_unit_test(test_huge_sizes),
		cmocka_unit_test(test_parse_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
