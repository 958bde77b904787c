/*
 * test_swap.c - swap areas: the on-disk header (written, read back,
 * every corruption refused with its message, blkid and util-linux mkswap
 * agreeing with us), swapon/swapoff and priorities, slot allocation in
 * clusters, bad slots, entries in PTEs, reference counts through fork
 * and exit, full swap, page I/O and its errors, /proc/swaps and the
 * totals. Every test ends with every slot free and every frame back
 * (teardown checks).
 *
 * Areas are files in a fresh directory under /dev/shm, removed at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "invariants.h"
#include "gfp.h"
#include "proc_fs.h"
#include "radix-tree.h"
#include "seq_file.h"
#include "slab.h"
#include "swap.h"
#include "vmstat.h"
#include "swap_test.h"


/* ---- helpers ---- */

static void patch(const char *name, off_t off, const void *bytes, size_t len)
{
	char p[PATH_MAX];
	int fd;

	path_of(p, name);
	fd = open(p, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, len, off), (ssize_t)len);
	close(fd);
}

static void patch32(const char *name, off_t off, uint32_t v)
{
	patch(name, off, &v, sizeof(v));	/* the host is little-endian */
}

/* read_swap_header's verdict on a file: 0 or -errno, message in err. */
static int check_header(const char *name, struct swap_header_info *info)
{
	char p[PATH_MAX];
	int fd, ret;

	path_of(p, name);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	err[0] = '\0';
	ret = read_swap_header(fd, info, err, sizeof(err));
	close(fd);
	return ret;
}

static void assert_refused(const char *name, const char *msg)
{
	struct swap_header_info info;
	char p[PATH_MAX];

	assert_int_equal(check_header(name, &info), -EINVAL);
	assert_string_equal(err, msg);
	/* swapon says the same, and leaves nothing behind */
	path_of(p, name);
	err[0] = '\0';
	assert_int_equal(do_swapon(p, -1, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, msg);
	assert_int_equal(total_swap_pages, 0);
	assert_int_equal(swap_list.head, -1);
}

/* The lowest free file descriptor: a leak would raise it. */
static int lowest_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	close(fd);
	return fd;
}

static const char *find_tool(const char *name)
{
	static char buf[64];
	const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dirs[i], name);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

/* First line of a command's output, without the newline. */
static void run_line(const char *cmd, char *out, size_t len)
{
	FILE *f = popen(cmd, "r");

	assert_non_null(f);
	out[0] = '\0';
	if (!fgets(out, (int)len, f))
		out[0] = '\0';
	pclose(f);
	out[strcspn(out, "\n")] = '\0';
}

static swp_entry_t must_get(void)
{
	swp_entry_t e = get_swap_page();

	assert_int_not_equal(e.val, 0);
	return e;
}

/* ---- fixtures ---- */

static int fresh(void **state)
{
	(void)state;
	vm_events_reset();
	return 0;
}

/* Nothing lost: every slot free, every frame back. */
static int cleanup(void **state)
{
	(void)state;
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(total_swapcache_pages, 0);
	assert_int_equal(swap_exit(), 0);
	assert_int_equal(nr_swap_pages, 0);
	assert_int_equal(total_swap_pages, 0);
	swap_ops.try_to_unuse = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	remove_files();
	return 0;
}

/* ---- the header ---- */

static void test_header_round_trip(void **state)
{
	static const unsigned char uuid[16] = {
		0x23, 0x8a, 0x22, 0x1f, 0xe8, 0x1a, 0x41, 0xca,
		0xa8, 0xae, 0x8a, 0x90, 0xf6, 0x78, 0x28, 0x33 };
	struct swap_header_info info;
	unsigned char page[PAGE_SIZE];
	char p[PATH_MAX], text[37];
	struct stat st;
	int fd;

	(void)state;
	path_of(p, "a.swap");
	assert_int_equal(mkswap_file(p, 256 * PAGE_SIZE, "mylabel", uuid,
				     err, sizeof(err)), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 256 * PAGE_SIZE);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* the bytes util-linux writes for `mkswap -L mylabel -U ...` */
	fd = open(p, O_RDONLY);
	assert_int_equal(pread(fd, page, PAGE_SIZE, 0), PAGE_SIZE);
	close(fd);
	assert_memory_equal(page + 4086, "SWAPSPACE2", 10);
	assert_memory_equal(page + 1024, "\x01\0\0\0\xff\0\0\0\0\0\0\0", 12);
	assert_memory_equal(page + 1036, uuid, 16);
	assert_memory_equal(page + 1052, "mylabel\0\0\0\0\0\0\0\0\0", 16);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(page[i], 0);

	assert_int_equal(check_header("a.swap", &info), 0);
	assert_int_equal(info.last_page, 255);
	assert_int_equal(info.nr_badpages, 0);
	assert_int_equal(info.file_pages, 256);
	assert_int_equal(info.max, 256);
	assert_string_equal(info.label, "mylabel");
	assert_memory_equal(info.uuid, uuid, 16);
	swap_uuid_unparse(info.uuid, text);
	assert_string_equal(text, "238a221f-e81a-41ca-a8ae-8a90f6782833");
}

static void test_header_derived_uuid(void **state)
{
	struct swap_header_info a, b, c;

	(void)state;
	make_file("a.swap", 64, "same");
	make_file("b.swap", 64, "same");
	make_file("c.swap", 64, "other");
	assert_int_equal(check_header("a.swap", &a), 0);
	assert_int_equal(check_header("b.swap", &b), 0);
	assert_int_equal(check_header("c.swap", &c), 0);
	assert_memory_equal(a.uuid, b.uuid, 16);	/* deterministic */
	assert_memory_not_equal(a.uuid, c.uuid, 16);
	assert_int_equal(a.uuid[6] >> 4, 8);		/* version 8 */
	assert_int_equal(a.uuid[8] >> 6, 2);		/* RFC variant */
	assert_string_equal(a.label, "same");
}

static void test_mkswap_refuses(void **state)
{
	char p[PATH_MAX];

	(void)state;
	path_of(p, "bad.swap");
	assert_int_equal(mkswap_file(p, 40961, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "size 40961 is not a multiple of the page "
			    "size (4096 bytes)");
	assert_int_equal(mkswap_file(p, 9 * 4096, NULL, NULL, err,
				     sizeof(err)), -EINVAL);
	assert_string_equal(err, "size 36864 is too small: a swap area needs "
			    "at least 10 pages (40 KiB)");
	assert_int_equal(mkswap_file(p, ((1ull << 24) + 1) * 4096, NULL, NULL,
				     err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "size 68719480832 is too large: at most "
			    "16777216 pages (64 GiB), since a swap entry's "
			    "offset has 24 bits");
	assert_int_equal(mkswap_file(p, 40960, "seventeen-bytes!!", NULL, err,
				     sizeof(err)), -EINVAL);
	assert_string_equal(err, "label \"seventeen-bytes!!\" is longer than "
			    "16 bytes");
	assert_int_equal(access(p, F_OK), -1);	/* no file left */
	snprintf(p, sizeof(p), "%s/no/such/dir.swap", dir);
	assert_int_equal(mkswap_file(p, 40960, NULL, NULL, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err, "cannot create: No such file or directory");
	/* a label of exactly 16 bytes fills the field, unterminated */
	make_file("l16.swap", 10, "sixteen-bytes-ok");
	struct swap_header_info info;
	assert_int_equal(check_header("l16.swap", &info), 0);
	assert_string_equal(info.label, "sixteen-bytes-ok");
}

static void test_header_corruptions(void **state)
{
	char p[PATH_MAX];

	(void)state;
	/* truncated to less than the header page */
	make_file("t.swap", 16, NULL);
	path_of(p, "t.swap");
	assert_int_equal(truncate(p, 2000), 0);
	assert_refused("t.swap", "too short for a swap area: 2000 bytes, the "
		       "header alone is 4096");
	assert_int_equal(truncate(p, 0), 0);
	assert_refused("t.swap", "too short for a swap area: 0 bytes, the "
		       "header alone is 4096");

	make_file("m.swap", 16, NULL);
	patch("m.swap", 4086, "SWAPSPACE1", 10);
	assert_refused("m.swap", "not a swap area: expected magic "
		       "\"SWAPSPACE2\" at byte 4086, found \"SWAPSPACE1\"");
	patch("m.swap", 4086, "SWAP-SPACE", 10);
	assert_refused("m.swap", "old-style swap area (version 0, magic "
		       "SWAP-SPACE) is not supported: recreate it with mkswap");
	patch("m.swap", 4086, "\0\0\0\0\0\0\0\0\0\xff", 10);
	assert_refused("m.swap", "not a swap area: expected magic "
		       "\"SWAPSPACE2\" at byte 4086, found \"\\x00\\x00\\x00"
		       "\\x00\\x00\\x00\\x00\\x00\\x00\\xff\"");
	/* the magic one byte early is not the magic */
	patch("m.swap", 4085, "SWAPSPACE2\0", 11);
	assert_refused("m.swap", "not a swap area: expected magic "
		       "\"SWAPSPACE2\" at byte 4086, found \"WAPSPACE2\\x00\"");

	make_file("v.swap", 16, NULL);
	patch32("v.swap", 1024, 2);
	assert_refused("v.swap", "swap header version 2 is not supported "
		       "(only version 1)");
	patch32("v.swap", 1024, 0x01000000);	/* big-endian 1 */
	assert_refused("v.swap", "swap header version 16777216 is not "
		       "supported (only version 1)");

	make_file("l.swap", 16, NULL);
	patch32("l.swap", 1028, 16);
	assert_refused("l.swap", "last_page 16 is beyond the end of the file "
		       "(16 pages, so at most 15)");
	patch32("l.swap", 1028, 0xffffffff);
	assert_refused("l.swap", "last_page 4294967295 is beyond the end of "
		       "the file (16 pages, so at most 15)");
	patch32("l.swap", 1028, 0);
	assert_refused("l.swap", "last_page is 0: the area has no page slots");

	make_file("n.swap", 16, NULL);
	patch32("n.swap", 1032, 638);
	assert_refused("n.swap", "nr_badpages 638 is more than the 637 a swap "
		       "header can list");
	patch32("n.swap", 1032, 0x80000000u);
	assert_refused("n.swap", "nr_badpages 2147483648 is more than the 637 "
		       "a swap header can list");

	make_file("b.swap", 16, NULL);
	patch32("b.swap", 1032, 2);
	patch32("b.swap", 1536, 3);
	patch32("b.swap", 1540, 16);		/* last_page is 15 */
	assert_refused("b.swap", "bad page 16 (entry 1 of the list) is outside "
		       "the area's pages 1..15");
	patch32("b.swap", 1540, 0);		/* the header itself */
	assert_refused("b.swap", "bad page 0 (entry 1 of the list) is outside "
		       "the area's pages 1..15");

	/* every slot bad: a valid header, but nothing to swap to */
	make_file("all.swap", 10, NULL);
	patch32("all.swap", 1032, 9);
	for (uint32_t i = 0; i < 9; i++)
		patch32("all.swap", 1536 + 4 * i, i + 1);
	struct swap_header_info info;
	assert_int_equal(check_header("all.swap", &info), 0);
	path_of(p, "all.swap");
	assert_int_equal(do_swapon(p, -1, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "no usable page slot: every page is listed "
			    "as bad");

	/* not a file at all */
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_int_equal(read_swap_header(fd, &info, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "not a regular file");
	close(fd);
	assert_int_equal(do_swapon(dir, -1, err, sizeof(err)), -EISDIR);
	assert_string_equal(err, "cannot open: Is a directory");
	path_of(p, "missing.swap");
	assert_int_equal(do_swapon(p, -1, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot open: No such file or directory");
}

static void test_swapon_leaves_nothing(void **state)
{
	char p[PATH_MAX];
	int fd0 = lowest_fd();

	(void)state;
	make_file("v.swap", 16, NULL);
	patch32("v.swap", 1024, 2);
	path_of(p, "v.swap");
	for (int i = 0; i < 100; i++)
		assert_int_equal(do_swapon(p, -1, NULL, 0), -EINVAL);
	assert_int_equal(lowest_fd(), fd0);
	assert_int_equal(nr_swapfiles, 0);
	/* and a good area after all that takes type 0, priority -1 */
	assert_int_equal(make_area("g.swap", 16, -1), 0);
	assert_int_equal(swap_info[0].prio, -1);
	assert_int_equal(do_swapoff(0), 0);
	assert_int_equal(lowest_fd(), fd0);
}

static void test_blkid_says_swap(void **state)
{
	const char *blkid = find_tool("blkid");
	char p[PATH_MAX], cmd[PATH_MAX + 128], out[128];

	(void)state;
	if (!blkid) {
		print_message("blkid not installed (util-linux): skipped\n");
		skip();
	}
	make_file("b.swap", 256, "i386mm");
	path_of(p, "b.swap");
	/* plain `blkid FILE` (without its cache file) */
	snprintf(cmd, sizeof(cmd), "%s -c /dev/null '%s'", blkid, p);
	run_line(cmd, out, sizeof(out));
	assert_non_null(strstr(out, " TYPE=\"swap\""));
	assert_non_null(strstr(out, " LABEL=\"i386mm\""));
	snprintf(cmd, sizeof(cmd), "%s -p -o value -s TYPE '%s'", blkid, p);
	run_line(cmd, out, sizeof(out));
	assert_string_equal(out, "swap");
	snprintf(cmd, sizeof(cmd), "%s -p -o value -s LABEL '%s'", blkid, p);
	run_line(cmd, out, sizeof(out));
	assert_string_equal(out, "i386mm");
	snprintf(cmd, sizeof(cmd), "%s -p -o value -s VERSION '%s'", blkid, p);
	run_line(cmd, out, sizeof(out));
	assert_string_equal(out, "1");

	struct swap_header_info info;
	char text[37];
	assert_int_equal(check_header("b.swap", &info), 0);
	swap_uuid_unparse(info.uuid, text);
	snprintf(cmd, sizeof(cmd), "%s -p -o value -s UUID '%s'", blkid, p);
	run_line(cmd, out, sizeof(out));
	assert_string_equal(out, text);
}

/* A file made by util-linux mkswap is read, swapped on and used. */
static void test_util_linux_mkswap(void **state)
{
	const char *mkswap = find_tool("mkswap"), *blkid;
	char p[PATH_MAX], cmd[2 * PATH_MAX], out[128], text[37];
	struct swap_header_info info;
	struct seq_file m;

	(void)state;
	if (!mkswap) {
		print_message("mkswap not installed (util-linux): skipped\n");
		skip();
	}
	path_of(p, "u.swap");
	int fd = open(p, O_CREAT | O_WRONLY, 0600);
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s -L util '%s' >/dev/null 2>&1",
		 mkswap, p);
	assert_int_equal(system(cmd), 0);

	assert_int_equal(check_header("u.swap", &info), 0);
	assert_int_equal(info.last_page, 255);
	assert_int_equal(info.nr_badpages, 0);
	assert_string_equal(info.label, "util");
	blkid = find_tool("blkid");
	if (blkid) {
		swap_uuid_unparse(info.uuid, text);
		snprintf(cmd, sizeof(cmd), "%s -p -o value -s UUID '%s'",
			 blkid, p);
		run_line(cmd, out, sizeof(out));
		assert_string_equal(out, text);
	} else {
		print_message("blkid not installed: UUID not compared\n");
	}

	/* swapon: 255 slots, mkswap's "size = 1020 KiB" */
	assert_int_equal(do_swapon(p, -1, err, sizeof(err)), 0);
	assert_int_equal(swap_info[0].pages, 255);
	assert_memory_equal(swap_info[0].uuid, info.uuid, 16);
	seq_init(&m);
	swaps_show(&m);
	assert_non_null(strstr(m.buf, "file\t\t1020\t0\t-1\n"));
	seq_release(&m);
	assert_int_equal(do_swapoff(0), 0);

	/* mkswap for 64 KiB pages: refused, saying why */
	snprintf(cmd, sizeof(cmd), "%s -p 65536 '%s' >/dev/null 2>&1",
		 find_tool("mkswap"), p);	/* its buffer was reused */
	assert_int_equal(system(cmd), 0);
	assert_refused("u.swap", "swap area made for 65536-byte pages (magic "
		       "at byte 65526); pages here are 4096 bytes");
}

/* The largest area a 24-bit offset can address, and a larger file. */
static void test_largest_area(void **state)
{
	struct swap_header_info info;
	char p[PATH_MAX];
	int type;

	(void)state;
	make_file("big.swap", 1u << 24, NULL);		/* 64 GiB, sparse */
	assert_int_equal(check_header("big.swap", &info), 0);
	assert_int_equal(info.last_page, (1u << 24) - 1);
	assert_int_equal(info.max, 1u << 24);
	/* a file one page larger: Linux uses the first 2^24 pages */
	path_of(p, "big.swap");
	assert_int_equal(truncate(p, ((1ll << 24) + 1) * 4096), 0);
	patch32("big.swap", 1028, 1u << 24);
	assert_int_equal(check_header("big.swap", &info), 0);
	assert_int_equal(info.last_page, 1u << 24);
	assert_int_equal(info.max, 1u << 24);
	type = do_swapon(p, -1, err, sizeof(err));
	assert_int_equal(type, 0);
	assert_int_equal(swap_info[0].pages, (1u << 24) - 1);
	assert_int_equal(total_swap_pages, (1 << 24) - 1);
	/* the last slot is addressable, written and read back */
	struct page *pg = alloc_page(GFP_KERNEL);
	swp_entry_t e = swp_entry(0, (1u << 24) - 1);
	swap_info[0].swap_map[(1u << 24) - 1] = 1;	/* white-box: in use */
	swap_info[0].inuse_pages++;
	memset(page_address(pg), 0x5a, PAGE_SIZE);
	assert_int_equal(swap_writepage(pg, e), 0);
	memset(page_address(pg), 0, PAGE_SIZE);
	assert_int_equal(swap_readpage(pg, e), 0);
	assert_int_equal(((uint8_t *)page_address(pg))[4095], 0x5a);
	assert_int_equal(swap_free(e), 0);
	nr_swap_pages--;	/* the white-box take above skipped it */
	__free_page(pg);
	assert_int_equal(do_swapoff(0), 0);
}

/* ---- areas and priorities ---- */

static void test_swapon_swapoff_counts(void **state)
{
	char p[PATH_MAX];
	int a, b;

	(void)state;
	a = make_area("a.swap", 64, -1);
	b = make_area("b.swap", 32, -1);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(nr_swapfiles, 2);
	assert_int_equal(swap_info[a].pages, 63);
	assert_int_equal(swap_info[a].max, 64);
	assert_int_equal(swap_info[a].swap_map[0], SWAP_MAP_BAD);
	assert_int_equal(swap_info[a].flags, SWP_ACTIVE);
	assert_int_equal(swap_info[a].prio, -1);
	assert_int_equal(swap_info[b].prio, -2);
	assert_int_equal(total_swap_pages, 63 + 31);
	assert_int_equal(nr_swap_pages, 63 + 31);
	unsigned long total, freeswap;
	si_swapinfo(&total, &freeswap);
	assert_int_equal(total, 94);
	assert_int_equal(freeswap, 94);
	path_of(p, "a.swap");
	assert_int_equal(find_swap_area(p), a);

	/* the same file twice is refused; so is mkswap over it */
	assert_int_equal(do_swapon(p, 3, err, sizeof(err)), -EBUSY);
	assert_string_equal(err, "already in use as swap area 0");
	assert_int_equal(mkswap_file(p, 40960, NULL, NULL, err, sizeof(err)),
			 -EBUSY);
	assert_string_equal(err, "is an active swap area: swapoff first");
	assert_int_equal(do_swapon(p, -2, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "priority -2 is out of range (0..32767, or -1 "
			    "for the next automatic one)");
	assert_int_equal(do_swapon(p, 32768, err, sizeof(err)), -EINVAL);

	assert_int_equal(do_swapoff(a), 0);
	assert_int_equal(do_swapoff(a), -EINVAL);
	assert_int_equal(do_swapoff(7), -EINVAL);
	assert_int_equal(do_swapoff(MAX_SWAPFILES + 3), -EINVAL);
	assert_int_equal(find_swap_area(p), -EINVAL);
	assert_int_equal(total_swap_pages, 31);
	assert_int_equal(nr_swap_pages, 31);
	/* b moved up to -1, and the next automatic area gets -2 */
	assert_int_equal(swap_info[b].prio, -1);
	assert_int_equal(make_area("c.swap", 16, -1), 0);	/* reused */
	assert_int_equal(swap_info[0].prio, -2);
	assert_int_equal(swap_list.head, b);
	assert_int_equal(swap_info[b].next, 0);
	assert_int_equal(swap_info[0].next, -1);
	assert_int_equal(do_swapoff(b), 0);
	assert_int_equal(swap_info[0].prio, -1);
	assert_int_equal(do_swapoff(0), 0);
	assert_int_equal(swap_list.head, -1);
}

static void test_max_swapfiles(void **state)
{
	char name[32], p[PATH_MAX];

	(void)state;
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		snprintf(name, sizeof(name), "s%d.swap", i);
		assert_int_equal(make_area(name, 10, -1), i);
	}
	assert_int_equal(swap_info[31].prio, -32);
	make_file("extra.swap", 10, NULL);
	path_of(p, "extra.swap");
	assert_int_equal(do_swapon(p, -1, err, sizeof(err)), -EPERM);
	assert_string_equal(err, "all 32 swap areas are in use");
	assert_int_equal(total_swap_pages, 32 * 9);
	for (int i = MAX_SWAPFILES - 1; i >= 0; i--)
		assert_int_equal(do_swapoff((unsigned)i), 0);
}

static void test_equal_priority_round_robin(void **state)
{
	int a, b, c;

	(void)state;
	a = make_area("a.swap", 64, 5);
	b = make_area("b.swap", 64, 5);
	c = make_area("c.swap", 64, -1);	/* lower: unused while room */
	swp_entry_t e[8];
	/* the later of two equal areas goes first, then they alternate */
	for (int i = 0; i < 8; i++) {
		e[i] = must_get();
		assert_int_equal(swp_type(e[i]), i % 2 ? a : b);
		assert_int_equal(swp_offset(e[i]), i / 2 + 1);
	}
	assert_int_equal(swap_info[c].inuse_pages, 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(swap_free(e[i]), 0);
	assert_int_equal(do_swapoff(a), 0);
	assert_int_equal(do_swapoff(b), 0);
	assert_int_equal(do_swapoff(c), 0);
}

static void test_higher_priority_first(void **state)
{
	swp_entry_t hi[9], lo;
	int l, h;

	(void)state;
	l = make_area("lo.swap", 64, 1);
	h = make_area("hi.swap", 10, 10);	/* 9 slots */
	for (int i = 0; i < 9; i++) {
		hi[i] = must_get();
		assert_int_equal(swp_type(hi[i]), h);
	}
	/* full: the lower area takes over */
	lo = must_get();
	assert_int_equal(swp_type(lo), l);
	assert_int_equal(swp_offset(lo), 1);
	/* a slot freed in the better area is used next */
	assert_int_equal(swap_free(hi[4]), 0);
	hi[4] = must_get();
	assert_int_equal(swp_type(hi[4]), h);
	assert_int_equal(swp_offset(hi[4]), 5);
	for (int i = 0; i < 9; i++)
		assert_int_equal(swap_free(hi[i]), 0);
	assert_int_equal(swap_free(lo), 0);
	assert_int_equal(do_swapoff(h), 0);
	assert_int_equal(do_swapoff(l), 0);
}

static int unuse_calls;
static int unuse_result;

/* A stand-in for the mm layer's try_to_unuse: frees every slot. */
static int fake_try_to_unuse(unsigned int type)
{
	struct swap_info_struct *p = &swap_info[type];

	unuse_calls++;
	assert_false(p->flags & SWP_WRITEOK);	/* no new slots meanwhile */
	if (unuse_result)
		return unuse_result;
	for (uint32_t off = 1; off < p->max; off++)
		while (p->swap_map[off] && p->swap_map[off] != SWAP_MAP_BAD)
			assert_int_equal(swap_free(swp_entry(type, off)), 0);
	return 0;
}

static void test_swapoff_busy(void **state)
{
	swp_entry_t e;
	int a, b;

	(void)state;
	a = make_area("a.swap", 64, -1);
	b = make_area("b.swap", 64, -1);
	e = must_get();
	assert_int_equal(swp_type(e), a);
	assert_int_equal(swap_duplicate(e), 0);

	/* in use and nobody to bring pages back: refused, area unchanged */
	assert_int_equal(do_swapoff(a), -EBUSY);
	assert_int_equal(swap_info[a].flags, SWP_ACTIVE);
	assert_int_equal(swap_info[a].prio, -1);
	assert_int_equal(swap_list.head, a);
	assert_int_equal(nr_swap_pages, 63 + 63 - 1);
	assert_int_equal(total_swap_pages, 126);

	/* try_to_unuse failing (ENOMEM): re-enabled with its priority */
	swap_ops.try_to_unuse = fake_try_to_unuse;
	unuse_result = -ENOMEM;
	assert_int_equal(do_swapoff(a), -ENOMEM);
	assert_int_equal(unuse_calls, 1);
	assert_int_equal(swap_info[a].flags, SWP_ACTIVE);
	assert_int_equal(swap_info[a].prio, -1);
	assert_int_equal(swap_list.head, a);
	assert_int_equal(swap_info[a].next, b);
	assert_int_equal(nr_swap_pages, 125);
	assert_int_equal(total_swap_pages, 126);
	assert_int_equal(swap_count(e), 2);

	/* succeeding: both references dropped, area gone */
	unuse_result = 0;
	assert_int_equal(do_swapoff(a), 0);
	assert_int_equal(unuse_calls, 2);
	assert_int_equal(swap_count(e), -EINVAL);
	assert_int_equal(nr_swap_pages, 63);
	assert_int_equal(total_swap_pages, 63);
	assert_int_equal(swap_info[b].prio, -1);
	/* an empty area does not need try_to_unuse */
	assert_int_equal(do_swapoff(b), 0);
	assert_int_equal(unuse_calls, 2);
}

/* ---- slots ---- */

static void test_cluster_burst(void **state)
{
	swp_entry_t e;
	int t;

	(void)state;
	t = make_area("a.swap", 1024, -1);	/* slots 1..1023 */
	/* a burst of 300 from a fresh area: contiguous from 1 */
	for (uint32_t i = 1; i <= 300; i++) {
		e = must_get();
		assert_int_equal(swp_type(e), t);
		assert_int_equal(swp_offset(e), i);
		assert_int_equal(swap_count(e), 1);
	}
	for (uint32_t i = 301; i <= 512; i++)	/* the second run ends */
		assert_int_equal(swp_offset(must_get()), i);
	assert_int_equal(swap_info[t].cluster_nr, 0);
	/* scattered holes: 10, 20, ... 500 */
	for (uint32_t i = 10; i <= 500; i += 10)
		assert_int_equal(swap_free(swp_entry(t, i)), 0);
	assert_int_equal(swap_info[t].lowest_bit, 10);
	/* the next run starts at a fresh stretch of 256, not in a hole */
	for (uint32_t i = 513; i <= 768; i++)
		assert_int_equal(swp_offset(must_get()), i);
	/*
	 * 769..1023 is one slot short of a stretch: the next run starts at
	 * the lowest free slot and then takes free slots in order, so the
	 * holes fill up before the tail.
	 */
	for (uint32_t i = 10; i <= 500; i += 10)
		assert_int_equal(swp_offset(must_get()), i);
	for (uint32_t i = 769; i <= 1023; i++)
		assert_int_equal(swp_offset(must_get()), i);
	assert_int_equal(get_swap_page().val, 0);
	assert_int_equal(nr_swap_pages, 0);
	for (uint32_t i = 1; i <= 1023; i++)
		assert_int_equal(swap_free(swp_entry(t, i)), 0);
	assert_int_equal(nr_swap_pages, 1023);
	assert_int_equal(do_swapoff(t), 0);
}

static void test_cluster_reuses_freed_run(void **state)
{
	int t;

	(void)state;
	t = make_area("a.swap", 1024, -1);
	for (uint32_t i = 1; i <= 768; i++)
		assert_int_equal(swp_offset(must_get()), i);
	/* a whole run freed in the middle, and two stray slots */
	assert_int_equal(swap_free(swp_entry(t, 5)), 0);
	for (uint32_t i = 257; i <= 512; i++)
		assert_int_equal(swap_free(swp_entry(t, i)), 0);
	assert_int_equal(swap_free(swp_entry(t, 600)), 0);
	/* the first stretch of 256 from the bottom is the freed run */
	for (uint32_t i = 257; i <= 512; i++)
		assert_int_equal(swp_offset(must_get()), i);
	/* then 769..1023 is too short, and so is every gap: lowest first */
	assert_int_equal(swp_offset(must_get()), 5);
	assert_int_equal(swp_offset(must_get()), 600);
	assert_int_equal(swp_offset(must_get()), 769);
	for (uint32_t i = 1; i <= 769; i++)
		assert_int_equal(swap_free(swp_entry(t, i)), 0);
	assert_int_equal(swap_used_slots(), 0);
	assert_int_equal(do_swapoff(t), 0);
}

static void test_bad_slots(void **state)
{
	char p[PATH_MAX];
	swp_entry_t got[16];
	int t, n = 0;

	(void)state;
	make_file("b.swap", 16, NULL);			/* slots 1..15 */
	patch32("b.swap", 1032, 4);
	patch32("b.swap", 1536, 1);
	patch32("b.swap", 1540, 7);
	patch32("b.swap", 1544, 15);			/* last_page itself */
	patch32("b.swap", 1548, 7);			/* listed twice */
	path_of(p, "b.swap");
	t = do_swapon(p, -1, err, sizeof(err));
	assert_int_equal(t, 0);
	assert_int_equal(swap_info[t].pages, 12);
	assert_int_equal(total_swap_pages, 12);
	for (;;) {
		swp_entry_t e = get_swap_page();

		if (!e.val)
			break;
		assert_true(n < 12);
		got[n++] = e;
	}
	assert_int_equal(n, 12);
	for (int i = 0; i < n; i++) {
		uint32_t off = swp_offset(got[i]);

		assert_true(off != 1 && off != 7 && off != 15 && off != 0);
	}
	assert_int_equal(swp_offset(got[0]), 2);
	assert_int_equal(swp_offset(got[11]), 14);
	/* bad slots and the header cannot be counted, freed or used */
	uint32_t bad[] = { 0, 1, 7, 15 };
	struct page *pg = alloc_page(GFP_KERNEL);
	for (size_t i = 0; i < 4; i++) {
		swp_entry_t e = swp_entry(t, bad[i]);

		if (bad[i])
			assert_int_equal(swap_count(e), SWAP_MAP_BAD);
		else
			assert_int_equal(swap_count(e), -EINVAL);
		assert_int_equal(swap_duplicate(e), -EINVAL);
		assert_int_equal(swap_free(e), -EINVAL);
		assert_int_equal(swap_writepage(pg, e), -EINVAL);
		assert_int_equal(swap_readpage(pg, e), -EINVAL);
		assert_int_equal(free_swap_and_cache(e), -EINVAL);
	}
	__free_page(pg);
	for (int i = 0; i < n; i++)
		assert_int_equal(swap_free(got[i]), 0);
	assert_int_equal(do_swapoff(t), 0);
}

static void test_counts_fork_exit(void **state)
{
	swp_entry_t e;
	int t;

	(void)state;
	t = make_area("a.swap", 64, -1);
	e = must_get();
	assert_int_equal(swap_count(e), 1);
	assert_int_equal(nr_swap_pages, 62);
	assert_int_equal(swap_info[t].inuse_pages, 1);
	/* two forks copy the swap PTE */
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(swap_count(e), 3);
	assert_int_equal(swap_used_slots(), 1);
	/* three exits */
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(swap_count(e), 2);
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(nr_swap_pages, 62);
	assert_int_equal(free_swap_and_cache(e), 0);
	assert_int_equal(swap_count(e), 0);
	assert_int_equal(nr_swap_pages, 63);
	assert_int_equal(swap_info[t].inuse_pages, 0);
	/* a free slot has nothing left to drop or share */
	assert_int_equal(swap_free(e), -EINVAL);
	assert_int_equal(swap_duplicate(e), -EINVAL);
	assert_int_equal(free_swap_and_cache(e), -EINVAL);
	assert_int_equal(nr_swap_pages, 63);
	/* entries that name no slot */
	swp_entry_t bogus[] = {
		{ 0 },
		swp_entry(5, 1),		/* no area 5 */
		swp_entry(t, 64),		/* beyond the area */
		swp_entry(t, 0xffffff),
		{ swp_entry(t, 1).val | 0x40 },	/* a stray bit */
		{ swp_entry(t, 1).val | 1 },	/* a present PTE */
	};
	e = must_get();
	for (size_t i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
		assert_int_equal(swap_count(bogus[i]), -EINVAL);
		assert_int_equal(swap_duplicate(bogus[i]), -EINVAL);
		assert_int_equal(swap_free(bogus[i]), -EINVAL);
	}
	assert_int_equal(swap_count(e), 1);
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(do_swapoff(t), 0);
}

/* The PTE form of what get_swap_page hands out (pgtable.h's encoding). */
static void test_entry_encoding(void **state)
{
	static const unsigned types[] = { 0, 1, 17, 31 };
	static const uint32_t offsets[] = { 1, 2, 255, 256, 0xffffff };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		for (size_t j = 0; j < 5; j++) {
			swp_entry_t e = swp_entry(types[i], offsets[j]);
			pte_t pte = swp_entry_to_pte(e);

			assert_int_equal(swp_type(e), types[i]);
			assert_int_equal(swp_offset(e), offsets[j]);
			assert_int_equal(pte & _PAGE_PRESENT, 0);
			assert_int_equal(pte & _PAGE_PROTNONE, 0);
			assert_true(is_swap_pte(pte));
			assert_int_equal(pte_to_swp_entry(pte).val, e.val);
		}
	}
	assert_int_equal(swp_entry(3, 5).val, (5u << 8) | (3u << 1));
	/* what an area gives out round-trips through a PTE */
	int t = make_area("a.swap", 16, -1);
	int u = make_area("b.swap", 16, 9);
	swp_entry_t e = must_get();
	assert_int_equal(swp_type(e), u);
	assert_int_equal(swap_count(pte_to_swp_entry(swp_entry_to_pte(e))), 1);
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(do_swapoff((unsigned)u), 0);
	assert_int_equal(do_swapoff((unsigned)t), 0);
}

static void test_count_saturates(void **state)
{
	swp_entry_t e;
	int t;

	(void)state;
	t = make_area("a.swap", 16, -1);
	e = must_get();
	/* white-box: a count just below the maximum */
	swap_info[t].swap_map[swp_offset(e)] = SWAP_MAP_MAX - 2;
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(swap_count(e), SWAP_MAP_MAX - 1);
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(swap_count(e), SWAP_MAP_MAX);
	assert_int_equal(swap_duplicate(e), 0);
	assert_int_equal(swap_count(e), SWAP_MAP_MAX);	/* sticks */
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(swap_count(e), SWAP_MAP_MAX);
	swap_info[t].swap_map[swp_offset(e)] = 1;
	assert_int_equal(swap_free(e), 0);
	assert_int_equal(do_swapoff(t), 0);
}

static void test_full_swap(void **state)
{
	swp_entry_t e[9];
	int t;

	(void)state;
	t = make_area("a.swap", 10, -1);
	for (int i = 0; i < 9; i++)
		e[i] = must_get();
	assert_int_equal(nr_swap_pages, 0);
	assert_int_equal(swap_info[t].highest_bit, 0);
	assert_int_equal(get_swap_page().val, 0);
	assert_int_equal(get_swap_page().val, 0);
	assert_int_equal(nr_swap_pages, 0);
	assert_true(vm_swap_full());
	assert_int_equal(swap_free(e[6]), 0);
	assert_int_equal(nr_swap_pages, 1);
	e[6] = must_get();
	assert_int_equal(swp_offset(e[6]), 7);
	assert_int_equal(get_swap_page().val, 0);
	for (int i = 0; i < 9; i++)
		assert_int_equal(swap_free(e[i]), 0);
	assert_false(vm_swap_full());
	assert_int_equal(do_swapoff(t), 0);
	/* no area at all */
	assert_int_equal(get_swap_page().val, 0);
	assert_int_equal(nr_swap_pages, 0);
}

/* ---- page I/O ---- */

static void fill(struct page *pg, uint32_t seed)
{
	uint32_t *w = page_address(pg);

	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = seed * 2654435761u + i;
}

static void test_page_io_round_trip(void **state)
{
	struct page *out = alloc_page(GFP_HIGHUSER);
	struct page *in = alloc_page(GFP_HIGHUSER);
	swp_entry_t e[3];
	struct swap_header_info info;
	int t;

	(void)state;
	t = make_area("a.swap", 64, -1);
	for (int i = 0; i < 3; i++) {
		e[i] = must_get();
		fill(out, 100 + (uint32_t)i);
		assert_int_equal(swap_writepage(out, e[i]), 0);
	}
	assert_int_equal(vm_events[pswpout], 3);
	for (int i = 2; i >= 0; i--) {
		fill(out, 100 + (uint32_t)i);
		memset(page_address(in), 0, PAGE_SIZE);
		assert_int_equal(swap_readpage(in, e[i]), 0);
		assert_true(PageUptodate(in));
		assert_memory_equal(page_address(in), page_address(out),
				    PAGE_SIZE);
	}
	assert_int_equal(vm_events[pswpin], 3);
	/* the slot is the file's page: offset * 4096 */
	char p[PATH_MAX];
	uint32_t word;
	path_of(p, "a.swap");
	int fd = open(p, O_RDONLY);
	assert_int_equal(pread(fd, &word, 4,
			       (off_t)swp_offset(e[1]) * 4096 + 8), 4);
	close(fd);
	assert_int_equal(word, 101 * 2654435761u + 2);
	/* the header survived */
	assert_int_equal(check_header("a.swap", &info), 0);
	assert_int_equal(info.last_page, 63);
	/* a free slot is not I/O-able */
	assert_int_equal(swap_free(e[2]), 0);
	assert_int_equal(swap_writepage(out, e[2]), -EINVAL);
	assert_int_equal(swap_readpage(in, e[2]), -EINVAL);
	assert_false(PageUptodate(in));
	assert_int_equal(vm_events[pswpout], 3);
	assert_int_equal(vm_events[pswpin], 3);
	assert_int_equal(swap_free(e[0]), 0);
	assert_int_equal(swap_free(e[1]), 0);
	assert_int_equal(do_swapoff(t), 0);
	__free_page(out);
	__free_page(in);
}

static void test_page_io_errors(void **state)
{
	struct page *pg = alloc_page(GFP_HIGHUSER);
	char p[PATH_MAX];
	swp_entry_t e[6];
	int t, fd, saved;

	(void)state;
	t = make_area("a.swap", 64, -1);
	for (int i = 0; i < 6; i++) {
		e[i] = must_get();
		fill(pg, (uint32_t)i);
		assert_int_equal(swap_writepage(pg, e[i]), 0);
	}
	/* truncated under us: slots past the end cannot be read */
	path_of(p, "a.swap");
	assert_int_equal(truncate(p, 4 * 4096 + 100), 0);
	assert_int_equal(swap_readpage(pg, e[2]), 0);	/* page 3: whole */
	assert_int_equal(swap_readpage(pg, e[3]), -EIO);	/* 100 bytes */
	assert_false(PageUptodate(pg));
	assert_int_equal(swap_readpage(pg, e[5]), -EIO);	/* gone */
	assert_int_equal(vm_events[pswpin], 1);
	/*
	 * A write past the end fails too: growing the file back would
	 * leave holes where the lost slots were (e[4]'s), and a hole reads
	 * as a page of zeros, not as an error.
	 */
	fill(pg, 77);
	assert_int_equal(swap_writepage(pg, e[5]), -EIO);
	assert_int_equal(swap_readpage(pg, e[4]), -EIO);
	assert_int_equal(swap_readpage(pg, e[5]), -EIO);
	/* inside what is left, writes work and read back */
	assert_int_equal(swap_writepage(pg, e[2]), 0);
	memset(page_address(pg), 0, PAGE_SIZE);
	assert_int_equal(swap_readpage(pg, e[2]), 0);
	assert_int_equal(((uint32_t *)page_address(pg))[1],
			 77 * 2654435761u + 1);

	/* made unreadable, then unwritable, while in use */
	saved = dup(swap_info[t].swap_file);
	fd = open(p, O_WRONLY);
	assert_true(dup2(fd, swap_info[t].swap_file) >= 0);
	close(fd);
	assert_int_equal(swap_readpage(pg, e[0]), -EBADF);
	assert_false(PageUptodate(pg));
	assert_int_equal(swap_writepage(pg, e[0]), 0);
	fd = open(p, O_RDONLY);
	assert_true(dup2(fd, swap_info[t].swap_file) >= 0);
	close(fd);
	assert_int_equal(swap_writepage(pg, e[0]), -EBADF);
	assert_int_equal(vm_events[pswpout], 8);
	assert_true(dup2(saved, swap_info[t].swap_file) >= 0);
	close(saved);

	for (int i = 0; i < 6; i++)
		assert_int_equal(swap_free(e[i]), 0);
	assert_int_equal(do_swapoff(t), 0);
	__free_page(pg);
}

/* ---- /proc ---- */

static void test_proc_swaps(void **state)
{
	char p[PATH_MAX], want[1024], name[80];
	struct seq_file m;
	swp_entry_t e[3];
	int a, b, c;

	(void)state;
	a = make_area("a.swap", 256, -1);
	b = make_area("with space.swap", 64, 7);
	/* a name of 40 characters or more gets one space */
	memset(name, 'n', 50);
	strcpy(name + 50 - 5, ".swap");
	c = make_area(name, 10, -1);
	for (int i = 0; i < 3; i++)
		e[i] = must_get();		/* from b, priority 7 */
	seq_init(&m);
	swaps_show(&m);

	int len = snprintf(want, sizeof(want),
			   "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
	path_of(p, "a.swap");
	len += snprintf(want + len, sizeof(want) - (size_t)len,
			"%s%*s%s\t%u\t%u\t%d\n", p, 40 - (int)strlen(p), " ",
			"file\t", 1020, 0, -1);
	/* 25 + 19 characters shown: past 40, so one space */
	assert_int_equal(strlen(dir), 25);
	len += snprintf(want + len, sizeof(want) - (size_t)len,
			"%s/with\\040space.swap %s\t%u\t%u\t%d\n", dir,
			"file\t", 252, 12, 7);
	path_of(p, name);
	snprintf(want + len, sizeof(want) - (size_t)len,
		 "%s %s\t%u\t%u\t%d\n", p, "file\t", 36, 0, -2);
	assert_string_equal(m.buf, want);
	seq_release(&m);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(c, 2);

	unsigned long total, freeswap;
	si_swapinfo(&total, &freeswap);
	assert_int_equal(total, 255 + 63 + 9);
	assert_int_equal(freeswap, 255 + 63 + 9 - 3);
	assert_int_equal(swap_used_slots(), 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(swap_free(e[i]), 0);
	assert_int_equal(swap_exit(), 0);
}

/* During try_to_unuse an area still counts in sysinfo and /proc/swaps. */
static unsigned long seen_total, seen_free;
static char seen_swaps[512];

static int peek_try_to_unuse(unsigned int type)
{
	struct seq_file m;

	si_swapinfo(&seen_total, &seen_free);
	seq_init(&m);
	swaps_show(&m);
	snprintf(seen_swaps, sizeof(seen_swaps), "%s", m.buf);
	seq_release(&m);
	return fake_try_to_unuse(type);
}

static void test_totals_during_swapoff(void **state)
{
	swp_entry_t e;
	int a, b;

	(void)state;
	a = make_area("a.swap", 64, -1);
	b = make_area("b.swap", 16, -1);
	e = must_get();
	assert_int_equal(swap_duplicate(e), 0);
	swap_ops.try_to_unuse = peek_try_to_unuse;
	unuse_result = 0;
	assert_int_equal(do_swapoff(a), 0);
	/* Linux's accounting: b's slots, plus a's that are still in use,
	 * which count as total and not as free */
	assert_int_equal(seen_total, 15 + 1);
	assert_int_equal(seen_free, 15);
	assert_non_null(strstr(seen_swaps, "a.swap"));
	unsigned long total, freeswap;
	si_swapinfo(&total, &freeswap);
	assert_int_equal(total, 15);
	assert_int_equal(freeswap, 15);
	assert_int_equal(do_swapoff(b), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fresh, cleanup)
	const struct CMUnitTest tests[] = {
		T(test_header_round_trip),
		T(test_header_derived_uuid),
		T(test_mkswap_refuses),
		T(test_header_corruptions),
		T(test_swapon_leaves_nothing),
		T(test_blkid_says_swap),
		T(test_util_linux_mkswap),
		T(test_largest_area),
		T(test_swapon_swapoff_counts),
		T(test_max_swapfiles),
		T(test_equal_priority_round_robin),
		T(test_higher_priority_first),
		T(test_swapoff_busy),
		T(test_cluster_burst),
		T(test_cluster_reuses_freed_run),
		T(test_bad_slots),
		T(test_counts_fork_exit),
		T(test_entry_encoding),
		T(test_count_saturates),
		T(test_full_swap),
		T(test_page_io_round_trip),
		T(test_page_io_errors),
		T(test_proc_swaps),
		T(test_totals_during_swapoff),
	};
	/* references held by the test itself, which no kernel structure
	 * records, would fail the invariant checker of debug builds */
	invariants_mode = INVARIANTS_OFF;
	return cmocka_run_group_tests(tests, boot, shutdown);
}
