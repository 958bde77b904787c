/*
 * test_replay_phash.c - the pure replay's page table (src/replay/phash.c)
 * against a plain array: random puts, overwrites and deletes over keys
 * that collide on purpose (dense vpns of a few pids), through growth and
 * the backward-shift deletion, with the last-key memo never stale.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/replay/phash.h"

#define NKEYS	4096

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void check_all(struct phash *h, const uint64_t *key,
		      const uint32_t *val, uint64_t present)
{
	uint64_t i, n = 0;

	for (i = 0; i < NKEYS; i++) {
		assert_int_equal(phash_get(h, key[i]), val[i]);
		n += val[i] != PHASH_NONE;
	}
	assert_int_equal(n, present);
	assert_int_equal(h->used, present);
	/* load stays at most one half */
	assert_true(2 * h->used <= h->mask + 1);
}

static void test_against_array(void **state)
{
	uint64_t *key = malloc(NKEYS * sizeof(*key)), seed = 99, present = 0;
	uint32_t *val = malloc(NKEYS * sizeof(*val));
	struct phash h;
	unsigned i, step, k;

	(void)state;
	assert_non_null(key);
	assert_non_null(val);
	for (i = 0; i < NKEYS; i++) {
		key[i] = PAGE_KEY(i % 4, (uint32_t)(i / 4) << 12);
		val[i] = PHASH_NONE;
	}
	assert_int_equal(phash_init(&h, 1), 0);
	assert_int_equal(h.mask + 1, 16);
	for (step = 0; step < 200000; step++) {
		uint64_t r = rnd(&seed);

		k = (unsigned)(r % NKEYS);
		if (r >> 60 < 10) {
			present += val[k] == PHASH_NONE;
			val[k] = (uint32_t)(r >> 20);
			assert_int_equal(phash_put(&h, key[k], val[k]), 0);
		} else {
			present -= val[k] != PHASH_NONE;
			val[k] = PHASH_NONE;
			phash_del(&h, key[k]);
		}
		/* the memo: a get right after a delete must miss */
		assert_int_equal(phash_get(&h, key[k]), val[k]);
		if (step % 20000 == 0)
			check_all(&h, key, val, present);
	}
	check_all(&h, key, val, present);
	assert_true(h.mask + 1 >= 2 * present);
	for (i = 0; i < NKEYS; i++)
		phash_del(&h, key[i]);
	assert_int_equal(h.used, 0);
	for (i = 0; i <= h.mask; i++)
		assert_true(h.slot[i].key == PHASH_EMPTY);
	phash_free(&h);
	free(key);
	free(val);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
