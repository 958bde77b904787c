/*
 * trace_main.c - `i386mm trace`: the command line of the trace tools.
 *
 *   i386mm trace info FILE
 *   i386mm trace dump FILE [--limit N]
 *   i386mm trace import --from lackey|text IN -o OUT
 *
 * Exit 0, 1 for a file that cannot be read or written (one line on
 * stderr), 2 for a bad command line (one line). The work is in
 * trace_show.c and import.c; this file only parses arguments.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "kernel.h"
#include "replay.h"
#include "trace_show.h"

static const char usage[] =
"usage: i386mm trace info FILE\n"
"       i386mm trace dump FILE [--limit N]\n"
"       i386mm trace import --from lackey|text IN -o OUT\n"
"\n"
"  info    the trace's configuration, its records counted by type, its\n"
"          accesses by kind and result, its sizes\n"
"  dump    one line per record (at most N with --limit)\n"
"  import  a valgrind --tool=lackey --trace-mem=yes log (plain or gzip)\n"
"          or a text file of addresses (ADDRESS [R|W|X] per line) as a\n"
"          trace of kind imported\n";

static int bad_usage(const char *what, const char *arg)
{
	if (arg)
		fprintf(stderr, "i386mm: trace %s '%s'\n", what, arg);
	else
		fprintf(stderr, "i386mm: trace %s\n", what);
	return EXIT_USAGE;
}

/* "--opt VALUE" or "--opt=VALUE" at argv[*i]: the value, or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt,
			     int *missing)
{
	size_t len = strlen(opt);

	*missing = 0;
	if (strncmp(argv[*i], opt, len))
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int parse_limit(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	if (argc != 2)
		return bad_usage(argc < 2 ? "info: no FILE given" :
				 "info: unexpected argument", argc > 2 ?
				 argv[2] : NULL);
	return trace_info(argv[1], stdout);
}

static int cmd_dump(int argc, char **argv)
{
	const char *file = NULL, *v;
	uint64_t limit = UINT64_MAX;
	int missing;

	for (int i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--limit", &missing))) {
			if (parse_limit(v, &limit))
				return bad_usage("dump: --limit: not a number",
						 v);
		} else if (missing) {
			return bad_usage("dump: --limit needs a value", NULL);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return bad_usage("dump: unknown option", argv[i]);
		} else if (file) {
			return bad_usage("dump: unexpected argument", argv[i]);
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return bad_usage("dump: no FILE given", NULL);
	return trace_dump(file, limit, stdout);
}

static void print_summary(const struct import_format *fmt,
			  const struct import_summary *s)
{
	static const char kinds[] = { TA_READ, TA_WRITE, TA_EXEC };

	printf("lines  ");
	for (const char *l = fmt->labels; *l; l++)
		printf(" %c=%" PRIu64, *l, s->lines[(unsigned char)*l]);
	printf("\nsplit  ");
	for (int i = 0; i < 3; i++)
		printf(" %c=%" PRIu64, kinds[i],
		       s->split[(unsigned char)kinds[i]]);
	printf("\nrecords %" PRIu64 "\npages   %" PRIu64 " (%" PRIu64
	       " moved below 3 GiB)\n", s->records, s->pages, s->high_pages);
}

static int cmd_import(int argc, char **argv)
{
	const char *from = NULL, *in = NULL, *out = NULL, *v;
	const struct import_format *fmt;
	struct import_summary sum;
	char err[512];
	int missing;

	for (int i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--from", &missing)))
			from = v;
		else if (missing)
			return bad_usage("import: --from needs a value", NULL);
		else if ((v = opt_value(argc, argv, &i, "-o", &missing)))
			out = v;
		else if (missing)
			return bad_usage("import: -o needs a value", NULL);
		else if (argv[i][0] == '-' && argv[i][1])
			return bad_usage("import: unknown option", argv[i]);
		else if (in)
			return bad_usage("import: unexpected argument",
					 argv[i]);
		else
			in = argv[i];
	}
	if (!from)
		return bad_usage("import: --from lackey|text is required",
				 NULL);
	if (!strcmp(from, "lackey"))
		fmt = &import_lackey_format;
	else if (!strcmp(from, "text"))
		fmt = &import_text_format;
	else
		return bad_usage("import: --from: not lackey or text", from);
	if (!in)
		return bad_usage("import: no IN given", NULL);
	if (!out)
		return bad_usage("import: -o OUT is required", NULL);
	if (import_trace(fmt, in, out, &sum, err, sizeof(err))) {
		fprintf(stderr, "i386mm: %s\n", err);
		return 1;
	}
	print_summary(fmt, &sum);
	return 0;
}

int trace_main(int argc, char **argv)
{
	if (argc < 1)
		return bad_usage("needs a subcommand: info, dump or import",
				 NULL);
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(argv[0], "info"))
		return cmd_info(argc, argv);
	if (!strcmp(argv[0], "dump"))
		return cmd_dump(argc, argv);
	if (!strcmp(argv[0], "import"))
		return cmd_import(argc, argv);
	return bad_usage("unknown subcommand", argv[0]);
}
