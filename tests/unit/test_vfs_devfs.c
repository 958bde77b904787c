/*
 * test_vfs_devfs.c - /dev: null swallows and gives nothing, zero gives
 * zeros, full refuses writes with ENOSPC, urandom and random give the
 * same splitmix64 stream for the same seed, tty reads and writes the
 * emulator's terminal descriptors, the device numbers are Linux's, and
 * nothing can be created there.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"

static int setup(void **state)
{
	(void)state;
	vt_make_root();
	devfs_set_urandom_seed(0);
	return vt_boot(64ull << 20, 0);
}

static int teardown(void **state)
{
	(void)state;
	devfs_set_tty_fds(0, 1);
	vt_shutdown();
	vt_remove_root();
	return 0;
}

static struct file *open_ok(const char *name, unsigned int flags)
{
	struct file *f = vt_open(name, flags, 0);

	assert_false(IS_ERR(f));
	return f;
}

static void test_null_zero_full(void **state)
{
	struct file *f;
	char buf[64];
	loff_t pos = 0;

	(void)state;
	f = open_ok("/dev/null", O_RDWR);
	assert_int_equal(vfs_write(f, "gone", 4, &pos), 4);
	assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), 0);
	assert_int_equal(vfs_llseek(f, 100, SEEK_SET), 0);
	fput(f);

	f = open_ok("/dev/zero", O_RDWR);
	memset(buf, 0x55, sizeof(buf));
	assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(vfs_write(f, "x", 1, &pos), 1);
	fput(f);

	f = open_ok("/dev/full", O_RDWR);
	assert_int_equal(vfs_write(f, "x", 1, &pos), -ENOSPC);
	assert_int_equal(vfs_read(f, buf, 8, &pos), 8);
	assert_int_equal(buf[7], 0);
	fput(f);
}

/* splitmix64, as the generator's reference */
static uint64_t ref_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void test_urandom_is_repeatable(void **state)
{
	struct file *f = open_ok("/dev/urandom", O_RDONLY);
	struct file *r = open_ok("/dev/random", O_RDONLY);
	uint64_t a[4], b[4], s = 42, want;
	char odd[3];
	loff_t pos = 0;

	(void)state;
	devfs_set_urandom_seed(42);
	assert_int_equal(vfs_read(f, (char *)a, sizeof(a), &pos), sizeof(a));
	for (int i = 0; i < 4; i++)
		assert_int_equal(a[i], ref_next(&s));
	devfs_set_urandom_seed(42);
	assert_int_equal(vfs_read(r, (char *)b, sizeof(b), &pos), sizeof(b));
	assert_memory_equal(a, b, sizeof(a));
	devfs_set_urandom_seed(43);
	assert_int_equal(vfs_read(f, (char *)b, sizeof(b), &pos), sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
	/* a short read takes the low bytes of the next value */
	devfs_set_urandom_seed(7);
	s = 7;
	want = ref_next(&s);
	assert_int_equal(vfs_read(f, odd, 3, &pos), 3);
	assert_memory_equal(odd, &want, 3);
	fput(f);
	fput(r);
}

static void test_tty(void **state)
{
	int in[2], out[2];
	struct file *f;
	char buf[16];
	loff_t pos = 0;

	(void)state;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	devfs_set_tty_fds(in[0], out[1]);
	f = open_ok("/dev/tty", O_RDWR);
	assert_true(file_is_tty(f));
	assert_int_equal(vfs_write(f, "to terminal", 11, &pos), 11);
	assert_int_equal(read(out[0], buf, sizeof(buf)), 11);
	assert_memory_equal(buf, "to terminal", 11);
	assert_int_equal(write(in[1], "typed\n", 6), 6);
	assert_int_equal(vfs_read(f, buf, sizeof(buf), &pos), 6);
	assert_memory_equal(buf, "typed\n", 6);
	assert_int_equal(vfs_llseek(f, 0, SEEK_SET), -ESPIPE);
	fput(f);
	f = open_ok("/dev/null", O_RDONLY);
	assert_false(file_is_tty(f));
	fput(f);
	close(in[0]);
	close(in[1]);
	close(out[0]);
	close(out[1]);
}

static void test_nodes(void **state)
{
	static const struct {
		const char *name;
		unsigned int major, minor;
	} nodes[] = {
		{ "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 },
		{ "/dev/full", 1, 7 }, { "/dev/random", 1, 8 },
		{ "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
	};
	struct kstat st;

	(void)state;
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		assert_int_equal(vfs_stat(vt_fs, NULL, nodes[i].name, 0, &st),
				 0);
		assert_true(S_ISCHR(st.mode));
		assert_int_equal(st.mode & 0777, 0666);
		assert_int_equal(MAJOR(st.rdev), nodes[i].major);
		assert_int_equal(MINOR(st.rdev), nodes[i].minor);
	}
	assert_int_equal(vt_open_err("/dev/new", O_CREAT | O_WRONLY), -EACCES);
	assert_int_equal(do_mkdir(vt_fs, NULL, "/dev/d", 0755), -EPERM);
	assert_int_equal(do_unlink(vt_fs, NULL, "/dev/null"), -EPERM);
	assert_int_equal(vt_lookup_err("/dev/nope", 0), -ENOENT);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_null_zero_full),
		T(test_urandom_is_repeatable),
		T(test_tty),
		T(test_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
