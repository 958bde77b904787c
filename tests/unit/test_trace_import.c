/*
 * test_trace_import.c - `i386mm trace import` (src/trace/import*.c):
 * lackey logs with 32- and 64-bit addresses, plain and gzip; accesses
 * split at page boundaries; pages above 3 GiB moved onto pages the trace
 * never uses, distinct and in order of first appearance; text lists; and
 * every malformed line an error naming its line number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>
#include "trace.h"
#include "../../src/trace/import.h"	/* import_trace, the formats */

static char in[64], out[64];

static int setup(void **state)
{
	(void)state;
	strcpy(in, "/tmp/test_import_in_XXXXXX");
	strcpy(out, "/tmp/test_import_out_XXXXXX");
	int a = mkstemp(in), b = mkstemp(out);
	assert_true(a >= 0 && b >= 0);
	close(a);
	close(b);
	unlink(out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(in);
	unlink(out);
	return 0;
}

static void write_in(const char *text)
{
	FILE *f = fopen(in, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

struct acc {
	char kind;
	uint32_t va;
	unsigned size;
};

/* Import in as fmt; check the trace holds exactly want's accesses. */
static void expect_import(const struct import_format *fmt,
			  const struct acc *want, int n)
{
	struct import_summary sum;
	struct trace_config c;
	struct trace_reader *r;
	struct trace_record rec;
	char err[512], source[128];

	if (import_trace(fmt, in, out, &sum, err, sizeof(err))) {
		print_error("import: %s\n", err);
		fail();
	}
	assert_int_equal(sum.records, n + 1);
	assert_int_equal(trace_open(&r, out, &c, err, sizeof(err)), 0);
	assert_int_equal(c.kind, TRACE_IMPORTED);
	snprintf(source, sizeof(source), "%s %s", fmt->name, in);
	assert_string_equal(c.source, source);
	assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 1);
	assert_int_equal(rec.type, TR_RUN);
	assert_int_equal(rec.pid, 1);
	for (int i = 0; i < n; i++) {
		assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 1);
		assert_int_equal(rec.type, TR_ACCESS);
		assert_int_equal(rec.pid, 1);
		assert_int_equal(rec.result, TRES_UNKNOWN);
		if (rec.kind != want[i].kind || rec.va != want[i].va ||
		    rec.size != want[i].size) {
			print_error("access %d: %c 0x%08x size %u, want %c "
				    "0x%08x size %u\n", i, rec.kind, rec.va,
				    rec.size, want[i].kind, want[i].va,
				    want[i].size);
			fail();
		}
	}
	assert_int_equal(trace_next(r, &rec, err, sizeof(err)), 0);
	trace_close(r);
	trace_config_free(&c);
}

/* Import in as fmt must fail with want in the one-line error. */
static void expect_error(const struct import_format *fmt, const char *want)
{
	struct import_summary sum;
	char err[512], full[600];

	assert_int_equal(import_trace(fmt, in, out, &sum, err, sizeof(err)),
			 -1);
	snprintf(full, sizeof(full), "%s%s", want[0] == ':' ? in : "", want);
	if (!strstr(err, full)) {
		print_error("error '%s' lacks '%s'\n", err, full);
		fail();
	}
	assert_null(strchr(err, '\n'));
	assert_int_equal(access(out, F_OK), -1);	/* no trace left */
}

static const char lackey32[] =
	"==4242== Lackey, an example Valgrind tool\n"
	"==4242== Command: ./prog\n"
	"\n"
	"I  08048000,3\n"
	" L 0804a010,4\n"
	" S bffff010,4\n"
	"I  08048003,2\r\n"
	" M 0804a014,4\n"
	" L 0804a018,1\n"
	" S 0804a020,8\n"
	" L 0804a030,16\n"
	"==4242== Counted 1 call to main()\n";

static const struct acc lackey32_want[] = {
	{ 'X', 0x08048000, 3 }, { 'R', 0x0804a010, 4 },
	{ 'W', 0xbffff010, 4 }, { 'X', 0x08048003, 2 },
	{ 'R', 0x0804a014, 4 }, { 'W', 0x0804a014, 4 },
	{ 'R', 0x0804a018, 1 }, { 'W', 0x0804a020, 8 },
	{ 'R', 0x0804a030, 0 },	/* 16 bytes: more than a size says */
};

static void test_lackey32(void **state)
{
	(void)state;
	write_in(lackey32);
	expect_import(&import_lackey_format, lackey32_want, 9);
}

static void test_lackey_gzip(void **state)
{
	gzFile f;

	(void)state;
	f = gzopen(in, "wb");
	assert_non_null(f);
	assert_int_equal(gzputs(f, lackey32), (int)strlen(lackey32));
	gzclose(f);
	expect_import(&import_lackey_format, lackey32_want, 9);
}

/*
 * A 64-bit log: pages at or above 3 GiB move to the pages below it that
 * the log never uses (here 1, 2, 0x4a and 0x401 are used), in order of
 * first appearance, whatever comes later in the file.
 */
static void test_lackey64(void **state)
{
	static const struct acc want[] = {
		{ 'X', 0x00002123, 4 },
		{ 'X', 0x00401123, 4 },
		{ 'W', 0x00000ff8, 8 },	/* 1ffefff: the first, page 0 */
		{ 'R', 0x0004a010, 4 },	/* below 3 GiB: unchanged */
		{ 'R', 0x00003008, 8 },	/* 4ff0000: page 3 (1, 2 used) */
		{ 'W', 0x00000ff0, 8 },	/* 1ffefff again: the same page */
		{ 'R', 0x00004abc, 1 },	/* c0000, i.e. 3 GiB: page 4 */
		{ 'R', 0x00001000, 4 },	/* page 1, used after all */
		{ 'R', 0x00005000, 4 },	/* fffffffffffff: page 5 */
	};

	(void)state;
	write_in("I  0000000000002123,4\n"
		 "I  0000000000401123,4\n"
		 " S 0000001ffefffff8,8\n"
		 " L 000000000004a010,4\n"
		 " L 0000004ff0000008,8\n"
		 " S 0000001ffefffff0,8\n"
		 " L 00000000c0000abc,1\n"
		 " L 0000000000001000,4\n"
		 " L ffffffffffff0000,4\n");
	expect_import(&import_lackey_format, want, 9);
}

/* An access across a page: two, in address order, each its own size. */
static void test_lackey_crossing(void **state)
{
	static const struct acc want[] = {
		{ 'R', 0x00001ffe, 2 }, { 'R', 0x00002000, 2 },
		{ 'R', 0x00002ffc, 4 }, { 'R', 0x00003000, 4 },
		{ 'W', 0x00002ffc, 4 }, { 'W', 0x00003000, 4 },
		{ 'X', 0x00004ff6, 0 }, { 'X', 0x00005000, 5 },
		/* a high page and the next high page: two distinct pages */
		{ 'W', 0x00000ffc, 4 }, { 'W', 0x00006000, 4 },
	};

	(void)state;
	write_in(" L 00001ffe,4\n"
		 " M 00002ffc,8\n"
		 "I  00004ff6,15\n"
		 " S 7fff0000fffc,8\n");
	expect_import(&import_lackey_format, want, 10);
}

static void test_lackey_bad_lines(void **state)
{
	static const char *const bad[] = {
		"X  1234,4\n",		/* unknown op */
		" L 1234\n",		/* no size */
		" L 1234,\n",
		" L zz,4\n",
		" L 1234,0\n",		/* empty access */
		" L 1234,4097\n",
		" L 00000000000000001,4\n",	/* 17 digits */
		" L 1234,4 junk\n",
		"L 1234,4\n",		/* no leading blank */
		"IX 1234,4\n",
		" L ,4\n",
		" S ffffffffffffffff,2\n",	/* wraps around */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128];

		snprintf(text, sizeof(text), "I  1000,4\n==1== note\n%s",
			 bad[i]);
		write_in(text);
		expect_error(&import_lackey_format, ":3: ");
	}
	write_in(" L 1234,4 junk\n");
	expect_error(&import_lackey_format,
		     ":1: not a lackey --trace-mem line: ' L 1234,4 junk'");
	write_in(" S ffffffffffffffff,2\n");
	expect_error(&import_lackey_format, ":1: wraps around");
}

static void test_text(void **state)
{
	static const struct acc want[] = {
		{ 'R', 0x00001000, 0 }, { 'W', 0x00002004, 0 },
		{ 'X', 0x08048000, 0 }, { 'R', 4096, 0 },
		{ 'R', 0x0000abcd, 0 }, { 'R', 0x00000000, 0 },
		{ 'W', 0xbfffffff, 0 },
		{ 'R', 0x00003123, 0 },	/* 0xc0000123: first unused page */
	};

	(void)state;
	write_in("# a comment\n"
		 "0x1000\n"
		 "0x2004 W\n"
		 "  0x08048000\tX   # code\n"
		 "4096\n"
		 "\n"
		 "0XaBcD R\n"
		 "0\n"
		 "0xbfffffff W\n"
		 "0xc0000123\n");
	expect_import(&import_text_format, want, 8);
}

static void test_text_bad_lines(void **state)
{
	static const char *const bad[] = {
		"0x\n", "12abc\n", "0x10 Q\n", "0x10W\n", "-5\n",
		"0x1 R extra\n", "99999999999999999999\n",
		"0x10000000000000000\n", "R\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128];

		snprintf(text, sizeof(text), "0x1000\n# fine\n%s", bad[i]);
		write_in(text);
		expect_error(&import_text_format, ":3: not ADDRESS [R|W|X]");
	}
	write_in("/nonexistent/file\n");
	unlink(in);
	expect_error(&import_text_format, ": No such file or directory");
}

/*
 * The user range holds 786432 pages: with all but page 0 in use, one
 * high page takes page 0; a second high page is one page too many.
 */
static void test_too_many_pages(void **state)
{
	struct import_summary sum;
	char err[512];
	FILE *f;

	(void)state;
	f = fopen(in, "w");
	assert_non_null(f);
	for (uint32_t page = 1; page < 0xc0000; page++)
		fprintf(f, "%u\n", page << 12);
	fputs("0x123456789abc W\n", f);
	fclose(f);
	assert_int_equal(import_trace(&import_text_format, in, out, &sum, err,
				      sizeof(err)), 0);
	assert_int_equal(sum.pages, 0xc0000);
	assert_int_equal(sum.high_pages, 1);
	assert_int_equal(sum.records, 0xc0000 + 1);
	{
		struct trace_config c;
		struct trace_reader *r;
		struct trace_record rec;
		uint64_t n = 0;
		int ret;

		assert_int_equal(trace_open(&r, out, &c, err, sizeof(err)), 0);
		while ((ret = trace_next(r, &rec, err, sizeof(err))) == 1)
			n++;
		assert_int_equal(ret, 0);
		assert_int_equal(n, 0xc0000 + 1);
		assert_int_equal(rec.va, 0x00000abc);	/* the last: page 0 */
		assert_int_equal(rec.kind, 'W');
		trace_close(r);
		trace_config_free(&c);
	}
	unlink(out);
	f = fopen(in, "a");
	fputs("0x7fff00000000\n", f);
	fclose(f);
	expect_error(&import_text_format,
		     ":786433: the trace touches more than 786432 distinct "
		     "pages");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lackey32, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lackey_gzip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lackey64, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lackey_crossing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lackey_bad_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_bad_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_many_pages, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
