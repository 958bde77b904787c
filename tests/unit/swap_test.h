/*
 * swap_test.h - the fixture the swap tests share: a temporary directory
 * for swap files, making and switching on an area, and a machine booted
 * as kernel_boot prepares it for swap (the swap cache's index, procfs's
 * swap hooks, the "nothing lost" baseline taken after them). Included by
 * one test file each, after <cmocka.h> and the headers it needs.
 */
#ifndef I386MM_SWAP_TEST_H
#define I386MM_SWAP_TEST_H

static char dir[64];
static char err[256];

static void path_of(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", dir, name);
}

static void make_file(const char *name, unsigned pages, const char *label)
{
	char p[PATH_MAX];

	path_of(p, name);
	assert_int_equal(mkswap_file(p, (uint64_t)pages * PAGE_SIZE, label,
				     NULL, err, sizeof(err)), 0);
}

/* mkswap then swapon: the new area's type. */
static int make_area(const char *name, unsigned pages, int prio)
{
	char p[PATH_MAX];
	int type;

	make_file(name, pages, NULL);
	path_of(p, name);
	type = do_swapon(p, prio, err, sizeof(err));
	if (type < 0)
		fail_msg("swapon %s: %s", name, err);
	return type;
}

static int boot(void **state)
{
	(void)state;
	strcpy(dir, "/dev/shm/test_swap.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (mem_init(64ull << 20))
		return -1;
	/* what kernel_boot does before the first process: the VFS's node
	 * cache (the swap cache's index), procfs's swap hooks, and the
	 * "nothing lost" baseline taken after them */
	radix_tree_init();
	proc_set_swap_ops(&swap_proc_ops);
	shrink_slab(~0ul, GFP_KERNEL);
	free_pages_boot = nr_free_pages();
	return 0;
}

static void remove_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[PATH_MAX];

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		path_of(p, de->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
}

static int shutdown(void **state)
{
	(void)state;
	proc_set_swap_ops(NULL);
	radix_tree_exit();
	mem_exit();
	remove_files();
	rmdir(dir);
	return 0;
}

#endif
