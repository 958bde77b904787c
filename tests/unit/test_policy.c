/*
 * test_policy.c - the pure replay's replacement policies (src/replay):
 * the textbook reference string, hand-computed strings for clock and
 * linux, and every policy against a naive model of its rules (arrays,
 * linear scans) on pseudo-random strings of several localities.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/replay/policy.h"
#include "../../src/replay/future.h"

static const uint64_t textbook[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };
#define NTEXT (sizeof(textbook) / sizeof(*textbook))

/* next[i]: position of the next request of keys[i], NEXT_NEVER if none */
static uint64_t *next_uses(const uint64_t *keys, size_t n)
{
	uint64_t *next = malloc(n * sizeof(*next));
	size_t i, j;

	assert_non_null(next);
	for (i = 0; i < n; i++) {
		next[i] = NEXT_NEVER;
		for (j = i + 1; j < n; j++)
			if (keys[j] == keys[i]) {
				next[i] = j;
				break;
			}
	}
	return next;
}

/* faults of policy name over keys with frames; outcome: 'F' or 'h' */
static uint64_t run(const char *name, uint64_t frames, const uint64_t *keys,
		    size_t n, char *outcome)
{
	const struct policy_ops *ops = policy_find(name);
	struct policy *p;
	uint64_t *next = next_uses(keys, n), faults = 0;
	size_t i;
	int r;

	assert_non_null(ops);
	p = policy_create(ops, frames);
	assert_non_null(p);
	for (i = 0; i < n; i++) {
		r = policy_access(p, keys[i], next[i]);
		assert_true(r == 0 || r == 1);
		faults += r;
		if (outcome)
			outcome[i] = r ? 'F' : 'h';
	}
	if (outcome)
		outcome[n] = '\0';
	/* the first `frames` faults fill, every later one evicts */
	assert_int_equal(p->evictions, faults > frames ? faults - frames : 0);
	policy_destroy(p);
	free(next);
	return faults;
}

static void test_textbook(void **state)
{
	(void)state;
	/* Belady's anomaly: FIFO does worse with 4 frames than with 3 */
	assert_int_equal(run("fifo", 3, textbook, NTEXT, NULL), 9);
	assert_int_equal(run("fifo", 4, textbook, NTEXT, NULL), 10);
	assert_int_equal(run("lru", 3, textbook, NTEXT, NULL), 10);
	assert_int_equal(run("lru", 4, textbook, NTEXT, NULL), 8);
	assert_int_equal(run("opt", 3, textbook, NTEXT, NULL), 7);
	assert_int_equal(run("opt", 4, textbook, NTEXT, NULL), 6);
	/* by hand in policy_clock.c's rules: all bits set when the ring
	 * fills, so the first sweep clears them and takes the oldest */
	assert_int_equal(run("clock", 3, textbook, NTEXT, NULL), 9);
	assert_int_equal(run("clock", 4, textbook, NTEXT, NULL), 10);
}

static void test_outcomes(void **state)
{
	char out[NTEXT + 1];

	(void)state;
	run("lru", 3, textbook, NTEXT, out);
	assert_string_equal(out, "FFFFFFFhhFFF");
	run("opt", 3, textbook, NTEXT, out);
	assert_string_equal(out, "FFFFhhFhhFFh");
	run("fifo", 4, textbook, NTEXT, out);
	assert_string_equal(out, "FFFFhhFFFFFF");
	run("clock", 4, textbook, NTEXT, out);
	assert_string_equal(out, "FFFFhhFFFFFF");
}

/* clock keeps a page referenced since the last sweep where FIFO drops it */
static void test_clock_second_chance(void **state)
{
	static const uint64_t s[] = { 1, 2, 3, 1, 4, 1, 5, 1 };
	char out[9];

	(void)state;
	/*
	 * 1 2 3 fill, bits 1 1 1, hand at 1's frame. 1 hits. 4: the
	 * sweep clears all and, a full turn later, evicts 1: ring 4* 2 3,
	 * hand at 2. 1: evicts 2, ring 4* 1* 3, hand at 3. 5: evicts 3,
	 * ring 4* 1* 5*, hand at 4. 1 hits.
	 */
	run("clock", 3, s, 8, out);
	assert_string_equal(out, "FFFhFFFh");
	/* FIFO: 4 evicts 1, 1 evicts 2, 5 evicts 3, 1 hits: the same */
	run("fifo", 3, s, 8, out);
	assert_string_equal(out, "FFFhFFFh");

	static const uint64_t t[] = { 1, 2, 3, 4, 2, 5, 2, 6 };
	/*
	 * 1 2 3 fill (bits set). 4: clears 1 2 3, evicts 1 -> 4* 2 3,
	 * hand at 2. 2 hits: 4* 2* 3. 5: 2 is referenced, cleared and
	 * passed; 3 evicted -> 4* 2 5*, hand at 4. 2 hits: 4* 2* 5*.
	 * 6: clears 4, 2, 5, evicts 4 -> 6* 2 5, hand at 2.
	 */
	run("clock", 3, t, 8, out);
	assert_string_equal(out, "FFFFhFhF");
	/* FIFO evicts 2 for 5 (1 2 3 -> 4 2 3 -> 4 5 3), so 2 faults */
	run("fifo", 3, t, 8, out);
	assert_string_equal(out, "FFFFhFFF");
}

/*
 * linux, 3 frames (inactive target 1), rules of policy_linux.c:
 *   1 F  I: 1r
 *   1 h  1 inactive and referenced: activate. A: 1
 *   2 F  I: 2r            A: 1
 *   3 F  I: 3r 2r         A: 1
 *   4 F  full; inactive holds 2 >= 1, no refill; tail 2r: second
 *        chance (I: 2 3r), tail 3r: second chance (I: 3 2), tail 2:
 *        evicted.  I: 4r 3  A: 1
 *   1 h  active: set referenced.  A: 1r
 *   5 F  no refill; tail 3: evicted. I: 5r 4r  A: 1r
 *   2 F  tail 4r -> I: 4 5r; tail 5r -> I: 5 4; tail 4 evicted.
 *        I: 2r 5  A: 1r
 *   5 h  inactive, not referenced: set. I: 2r 5r
 *   5 h  referenced: activate. I: 2r  A: 5 1r
 *   3 F  inactive 1 >= 1; tail 2r -> chance, I: 2; then 2 evicted.
 *        I: 3r  A: 5 1r
 *   2 F  inactive tail 3r: chance, then 3 evicted. I: 2r  A: 5 1r
 *   1 h  active referenced stays. 
 *   6 F  tail 2r: chance, 2 evicted: I: 6r  A: 5 1r
 */
static void test_linux_by_hand(void **state)
{
	static const uint64_t s[] = { 1, 1, 2, 3, 4, 1, 5, 2, 5, 5, 3, 2,
				      1, 6 };
	char out[15];

	(void)state;
	run("linux", 3, s, 14, out);
	assert_string_equal(out, "FhFFFhFFhhFFhF");
}

/*
 * linux, 3 frames, the refill: pages activated, then the inactive list
 * empties and the active tail is demoted (or rotated if referenced).
 *   1 F I: 1r;  1 h A: 1;  2 F I: 2r;  2 h A: 2 1;  3 F I: 3r A: 2 1
 *   3 h A: 3 2 1 (I empty)
 *   4 F refill: tail 1 (not referenced) -> I: 1; evict 1.
 *       I: 4r  A: 3 2
 *   2 h A: 3 2r
 *   5 F inactive 1 >= 1: tail 4r chance, I: 4, evicted. I: 5r A: 3 2r
 *   5 h activate: A: 5 3 2r, I empty
 *   6 F refill: tail 2r -> rotate, A: 2 5 3; tail 3 -> I: 3. Evict 3.
 *       I: 6r  A: 2 5
 *   3 F tail 6r: chance, evicted. I: 3r  A: 2 5
 *   1 F tail 3r: chance, evicted. I: 1r  A: 2 5
 *   2 h, 5 h: A: 2r 5r
 */
static void test_linux_refill(void **state)
{
	static const uint64_t s[] = { 1, 1, 2, 2, 3, 3, 4, 2, 5, 5, 6, 3, 1,
				      2, 5 };
	char out[16];

	(void)state;
	run("linux", 3, s, 15, out);
	assert_string_equal(out, "FhFhFhFhFhFFFhh");
}

/* ---- naive models: the same rules, arrays and linear scans ---- */

struct model {
	uint64_t key[64];
	uint64_t stamp[64];	/* lru: last use; fifo: load time */
	int ref[64], active[64];
	unsigned used, hand, frames;
};

static int find(struct model *m, uint64_t key)
{
	unsigned i;

	for (i = 0; i < m->used; i++)
		if (m->key[i] == key)
			return (int)i;
	return -1;
}

static unsigned oldest(struct model *m, int on_active)
{
	unsigned i, best = 0;
	int found = 0;

	for (i = 0; i < m->used; i++) {
		if (on_active >= 0 && m->active[i] != on_active)
			continue;
		if (!found || m->stamp[i] < m->stamp[best])
			best = i;
		found = 1;
	}
	assert_true(found);
	return best;
}

static unsigned count_active(struct model *m, int active)
{
	unsigned i, n = 0;

	for (i = 0; i < m->used; i++)
		n += m->active[i] == active;
	return n;
}

/* linux on the model: stamp is the list position, larger = nearer head */
static int model_linux(struct model *m, uint64_t key, uint64_t *clock)
{
	int i = find(m, key);
	unsigned v;

	if (i >= 0) {
		if (!m->active[i] && m->ref[i]) {
			m->active[i] = 1;
			m->ref[i] = 0;
			m->stamp[i] = ++*clock;
		} else {
			m->ref[i] = 1;
		}
		return 0;
	}
	if (m->used < m->frames) {
		v = m->used++;
	} else {
		while (count_active(m, 0) < (m->frames + 2) / 3 &&
		       count_active(m, 1)) {
			v = oldest(m, 1);
			m->stamp[v] = ++*clock;
			if (m->ref[v]) {
				m->ref[v] = 0;
			} else {
				m->active[v] = 0;
			}
		}
		for (;;) {
			v = oldest(m, 0);
			if (!m->ref[v])
				break;
			m->ref[v] = 0;
			m->stamp[v] = ++*clock;
		}
	}
	m->key[v] = key;
	m->ref[v] = 1;
	m->active[v] = 0;
	m->stamp[v] = ++*clock;
	return 1;
}

static int model_access(const char *name, struct model *m,
			const uint64_t *keys, size_t n, size_t pos,
			uint64_t *clock)
{
	uint64_t key = keys[pos], far, nu;
	int i = find(m, key);
	unsigned v, j;
	size_t k;

	if (!strcmp(name, "linux"))
		return model_linux(m, key, clock);
	if (i >= 0) {
		if (!strcmp(name, "lru"))
			m->stamp[i] = ++*clock;
		m->ref[i] = 1;
		return 0;
	}
	if (m->used < m->frames) {
		v = m->used++;
	} else if (!strcmp(name, "lru") || !strcmp(name, "fifo")) {
		v = oldest(m, -1);
	} else if (!strcmp(name, "clock")) {
		while (m->ref[m->hand]) {
			m->ref[m->hand] = 0;
			m->hand = (m->hand + 1) % m->frames;
		}
		v = m->hand;
		m->hand = (m->hand + 1) % m->frames;
	} else {	/* opt: the farthest next use */
		v = 0;
		far = 0;
		for (j = 0; j < m->used; j++) {
			nu = UINT64_MAX;
			for (k = pos + 1; k < n; k++)
				if (keys[k] == m->key[j]) {
					nu = k;
					break;
				}
			if (nu >= far) {
				far = nu;
				v = j;
			}
		}
	}
	m->key[v] = key;
	m->ref[v] = 1;
	m->stamp[v] = ++*clock;
	return 1;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* a string with a hot set, a cold set and occasional repeats */
static void make_string(uint64_t *keys, size_t n, uint64_t seed,
			unsigned hot, unsigned cold)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t r = rnd(&seed);

		if (i && r % 5 == 0)
			keys[i] = keys[i - 1];
		else if (r % 3)
			keys[i] = 100 + (r >> 8) % hot;
		else
			keys[i] = 1000 + (r >> 8) % cold;
	}
}

static void test_against_models(void **state)
{
	static const char *names[] = { "lru", "fifo", "clock", "opt",
				       "linux" };
	enum { N = 3000 };
	uint64_t *keys = malloc(N * sizeof(*keys)), clock, faults;
	char *out = malloc(N + 1);
	unsigned pi, frames, seed;
	struct model m;
	size_t i;

	(void)state;
	assert_non_null(keys);
	assert_non_null(out);
	for (seed = 1; seed <= 4; seed++) {
		make_string(keys, N, seed * 7919, 4 + seed * 3, 40);
		for (pi = 0; pi < 5; pi++) {
			for (frames = 1; frames <= 40; frames += 3) {
				run(names[pi], frames, keys, N, out);
				memset(&m, 0, sizeof(m));
				m.frames = frames;
				clock = faults = 0;
				for (i = 0; i < N; i++) {
					int f = model_access(names[pi], &m,
							     keys, N, i,
							     &clock);
					if ((out[i] == 'F') != f)
						fail_msg("%s, %u frames, seed "
							 "%u: request %zu "
							 "differs", names[pi],
							 frames, seed, i);
					faults += f;
				}
				assert_true(faults >= 4 + seed * 3);
			}
		}
	}
	free(keys);
	free(out);
}

/* the pid is part of a page's identity: same vpn, two processes */
static void test_page_key(void **state)
{
	uint64_t keys[4] = { PAGE_KEY(1, 0x1000), PAGE_KEY(2, 0x1000),
			     PAGE_KEY(1, 0x1fff), PAGE_KEY(2, 0x1004) };

	(void)state;
	assert_int_not_equal(keys[0], keys[1]);
	assert_int_equal(keys[0], keys[2]);
	assert_int_equal(keys[1], keys[3]);
	assert_int_equal(run("lru", 2, keys, 4, NULL), 2);
	assert_int_equal(run("lru", 1, keys, 4, NULL), 4);
	assert_true(PAGE_KEY(UINT32_MAX, 0xffffffffu) != PHASH_EMPTY);
}

static void test_future_fill(void **state)
{
	struct future_req r[NTEXT];
	uint32_t last[6];
	uint64_t *next = next_uses(textbook, NTEXT);
	size_t i;

	(void)state;
	for (i = 0; i < NTEXT; i++)
		r[i].idk = (uint32_t)textbook[i] | (i % 3) << 30;
	future_fill(r, NTEXT, last, 6);
	for (i = 0; i < NTEXT; i++) {
		assert_int_equal(FUTURE_ID(r[i].idk), textbook[i]);
		assert_int_equal(FUTURE_KIND(r[i].idk), i % 3);
		assert_int_equal(r[i].next, next[i] == NEXT_NEVER ?
				 FUTURE_NEVER : next[i]);
	}
	assert_int_equal(r[0].next, 4);
	assert_int_equal(r[11].next, FUTURE_NEVER);
	free(next);
}

static void test_names(void **state)
{
	(void)state;
	assert_null(policy_find("LRU"));
	assert_null(policy_find("random"));
	assert_string_equal(policy_find("linux")->name, "linux");
	assert_null(policy_create(&policy_lru, 0));
	assert_null(policy_create(&policy_lru, POLICY_MAX_FRAMES + 1ull));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textbook),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_clock_second_chance),
		cmocka_unit_test(test_linux_by_hand),
		cmocka_unit_test(test_linux_refill),
		cmocka_unit_test(test_against_models),
		cmocka_unit_test(test_page_key),
		cmocka_unit_test(test_future_fill),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
