/*
 * test_slab.c - the slab allocator: object reuse, the full/partial/free
 * lists, colouring, on- and off-slab descriptors, the general kmalloc
 * caches, release of free slabs under memory pressure, /proc/slabinfo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "seq_file.h"
#include "slab.h"

static int boot(void **state)
{
	(void)state;
	return mem_init(64ull << 20);
}

static int shutdown(void **state)
{
	(void)state;
	mem_exit();
	return 0;
}

static unsigned list_len(struct list_head *h)
{
	unsigned n = 0;
	struct list_head *p;
	list_for_each(p, h)
		n++;
	return n;
}

static void test_reuse_and_lists(void **state)
{
	(void)state;
	shrink_slab(~0ul, GFP_KERNEL);
	unsigned long free0 = nr_free_pages();
	struct kmem_cache *c = kmem_cache_create("test100", 100, 0, 0, NULL);
	assert_non_null(c);
	unsigned long free1 = nr_free_pages();	/* the descriptor may take a slab */
	assert_int_equal(c->buffer_size, 104);	/* word aligned */
	assert_int_equal(c->gfporder, 0);
	assert_false(c->off_slab);
	uint32_t num = c->num;
	assert_true(num >= 30 && num <= 40);
	void **objs = calloc(num + 1, sizeof(void *));
	for (uint32_t i = 0; i < num; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		assert_non_null(objs[i]);
		/* kernel objects live in emulated lowmem, in slab pages */
		struct page *pg = virt_to_page(objs[i]);
		assert_true(PageSlab(pg));
		assert_ptr_equal(pg->slab_cache, c);
		assert_true(page_zonenum(pg) != ZONE_HIGHMEM);
		assert_int_equal((uintptr_t)objs[i] % 8, 0);
	}
	assert_int_equal(list_len(&c->slabs_full), 1);
	assert_int_equal(list_len(&c->slabs_partial), 0);
	assert_int_equal(nr_free_pages(), free1 - 1);
	objs[num] = kmem_cache_alloc(c, GFP_KERNEL);	/* a second slab */
	assert_int_equal(list_len(&c->slabs_partial), 1);
	assert_int_equal(c->num_slabs, 2);
	assert_int_equal(c->num_active, num + 1);
	/* LIFO reuse: the object just freed comes back */
	void *o = objs[5];
	kmem_cache_free(c, o);
	assert_int_equal(list_len(&c->slabs_full), 0);
	assert_int_equal(list_len(&c->slabs_partial), 2);
	assert_ptr_equal(kmem_cache_alloc(c, GFP_KERNEL), o);
	/* emptying both slabs keeps one free slab, gives the other back */
	for (uint32_t i = 0; i <= num; i++)
		kmem_cache_free(c, objs[i]);
	assert_int_equal(c->num_active, 0);
	assert_int_equal(c->free_slabs, 1);
	assert_int_equal(c->num_slabs, 1);
	assert_int_equal(kmem_cache_shrink(c), 1);
	assert_int_equal(c->num_slabs, 0);
	kmem_cache_destroy(c);
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free0);
	free(objs);
}

static void test_colouring(void **state)
{
	(void)state;
	/* 1000-byte objects on-slab: 4 per page and room for colours */
	struct kmem_cache *c = kmem_cache_create("colour", 200, 0, 0, NULL);
	assert_non_null(c);
	assert_true(c->colour >= 1);
	assert_int_equal(c->colour_off, L1_CACHE_BYTES);
	uint32_t slabs = c->colour + 2;
	void **first = calloc(slabs, sizeof(void *));
	void **objs = calloc(slabs * c->num, sizeof(void *));
	for (uint32_t s = 0; s < slabs; s++)
		for (uint32_t i = 0; i < c->num; i++) {
			void *o = kmem_cache_alloc(c, GFP_KERNEL);
			objs[s * c->num + i] = o;
			if (i == 0)
				first[s] = o;
		}
	/* slab s starts its objects s colours further in, wrapping */
	uintptr_t base_off = (uintptr_t)first[0] & (PAGE_SIZE - 1);
	for (uint32_t s = 0; s < slabs; s++) {
		uintptr_t off = (uintptr_t)first[s] & (PAGE_SIZE - 1);
		assert_int_equal(off - base_off, (s % c->colour) * c->colour_off);
	}
	for (uint32_t k = 0; k < slabs * c->num; k++)
		kmem_cache_free(c, objs[k]);
	kmem_cache_destroy(c);
	free(first);
	free(objs);
}

static void test_off_slab(void **state)
{
	(void)state;
	struct kmem_cache *c = kmem_cache_create("big1024", 1024, 0, 0, NULL);
	assert_non_null(c);
	assert_true(c->off_slab);
	/* no descriptor in the slab: objects fill it exactly */
	assert_int_equal(c->num, ((PAGE_SIZE << c->gfporder) / 1024));
	void *o = kmem_cache_alloc(c, GFP_KERNEL);
	struct page *pg = virt_to_page(o);
	struct slab *sl = pg->slab_page;
	assert_ptr_not_equal(virt_to_page(sl), pg);	/* elsewhere */
	assert_true(((uintptr_t)o & (PAGE_SIZE - 1)) == 0);
	kmem_cache_free(c, o);
	kmem_cache_destroy(c);
}

static int ctor_calls;
static void ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0x5a, 64);
}

static void test_ctor_and_zalloc(void **state)
{
	(void)state;
	ctor_calls = 0;
	struct kmem_cache *c = kmem_cache_create("ctor64", 64, 0, 0, ctor);
	uint8_t *o = kmem_cache_alloc(c, GFP_KERNEL);
	assert_int_equal(ctor_calls, (int)c->num);	/* at slab creation */
	assert_int_equal(o[10], 0x5a);
	uint8_t *z = kmem_cache_zalloc(c, GFP_KERNEL);
	assert_int_equal(z[10], 0);
	kmem_cache_free(c, o);
	kmem_cache_free(c, z);
	kmem_cache_destroy(c);
}

static void test_kmalloc(void **state)
{
	(void)state;
	void *a = kmalloc(1, GFP_KERNEL);
	assert_non_null(a);
	assert_string_equal(virt_to_page(a)->slab_cache->name, "size-32");
	void *b = kmalloc(33, GFP_KERNEL);
	assert_string_equal(virt_to_page(b)->slab_cache->name, "size-64");
	void *c = kmalloc(131072, GFP_KERNEL);
	assert_non_null(c);
	assert_string_equal(virt_to_page(c)->slab_cache->name, "size-131072");
	assert_null(kmalloc(131073, GFP_KERNEL));
	assert_null(kmalloc(0, GFP_KERNEL));
	uint8_t *z = kzalloc(500, GFP_KERNEL);
	for (int i = 0; i < 500; i++)
		assert_int_equal(z[i], 0);
	kfree(a);
	kfree(b);
	kfree(c);
	kfree(z);
	kfree(NULL);
}

/* Free slabs go back to the buddy allocator when it runs dry. */
static void test_release_under_pressure(void **state)
{
	(void)state;
	struct kmem_cache *c = kmem_cache_create("pressure", 2048, 0, 0, NULL);
	void *o = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, o);
	assert_int_equal(c->free_slabs, 1);
	unsigned long cap = nr_free_pages() + 64, n = 0;
	struct page **pages = calloc(cap, sizeof(*pages));
	struct page *p;
	while ((p = alloc_page(GFP_KERNEL)) != NULL)
		pages[n++] = p;
	assert_int_equal(c->free_slabs, 0);	/* the shrinker took it */
	assert_int_equal(c->num_slabs, 0);
	for (unsigned long i = 0; i < n; i++)
		__free_page(pages[i]);
	free(pages);
	kmem_cache_destroy(c);
}

static void test_alloc_fails_cleanly(void **state)
{
	(void)state;
	struct kmem_cache *c = kmem_cache_create("exhaust", 4096, 0, 0, NULL);
	unsigned long n = 0, cap = nr_free_pages() + 64;
	void **objs = calloc(cap, sizeof(void *));
	void *o;
	while ((o = kmem_cache_alloc(c, GFP_KERNEL)) != NULL)
		objs[n++] = o;
	assert_true(n > 1000);
	for (unsigned long i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	free(objs);
	kmem_cache_destroy(c);
	assert_null(kmem_cache_create(NULL, 10, 0, 0, NULL));
	assert_null(kmem_cache_create("huge", 200000, 0, 0, NULL));
	assert_null(kmem_cache_create("align", 10, 3, 0, NULL));
}

static void test_slabinfo(void **state)
{
	(void)state;
	struct kmem_cache *c = kmem_cache_create("test_info", 100, 0, 0, NULL);
	void *o = kmem_cache_alloc(c, GFP_KERNEL);
	struct seq_file m;
	char line[256];
	seq_init(&m);
	slabinfo_show(&m);
	assert_memory_equal(m.buf, "slabinfo - version: 2.1\n# name ", 31);
	snprintf(line, sizeof(line), "\ntest_info              1 %6u    104 %4u    1 : "
		 "tunables    0    0    0 : slabdata      1      1      0\n",
		 c->num, c->num);
	assert_non_null(strstr(m.buf, line));
	assert_non_null(strstr(m.buf, "\nsize-32 "));
	seq_release(&m);
	kmem_cache_free(c, o);
	kmem_cache_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reuse_and_lists, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_colouring, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_off_slab, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_ctor_and_zalloc, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_kmalloc, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_release_under_pressure, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_alloc_fails_cleanly, boot, shutdown),
		cmocka_unit_test_setup_teardown(test_slabinfo, boot, shutdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
