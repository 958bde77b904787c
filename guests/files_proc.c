/*
 * files_proc - /proc in Linux's text formats, read as tools read it: the
 * fields a tool looks for are there, parse, and agree with each other
 * and with what the process knows of itself. Nothing measured is
 * printed (the figures change with the code), only what was checked:
 *   meminfo    MemTotal, MemFree <= MemTotal, Cached, SwapTotal,
 *              SwapFree, Active, Inactive, Dirty, AnonPages, Mapped,
 *              Slab, PageTables, all in kB; with an argument, MemTotal
 *              must be exactly that many kB (the emulator's test passes
 *              the present pages of --mem times 4)
 *   buddyinfo  a "Node 0, zone      DMA" line with 11 free counts
 *   zoneinfo   the DMA zone and its "pages free"
 *   vmstat     nr_free_pages, pgfault > 0, pgmajfault
 *   slabinfo   the "slabinfo - version: 2.1" header and its column line
 *   cpuinfo    starts with processor 0; vendor_id, model name, flags
 *   uptime     two non-negative decimals with two digits after the point
 *   loadavg    three decimals, running/total, the last pid
 *   swaps      the header line (Filename, Type, Size, Used, Priority)
 *   self       status: Name is files_proc, Pid is getpid(), State R,
 *              0 < VmRSS <= VmSize, VmRSS grows by at least 1024 kB when
 *              256 fresh pages are touched; stat: pid, (files_proc), R;
 *              statm: 7 numbers, resident <= size; maps: [heap], [stack],
 *              main's address in an r-xp line naming this program, a
 *              .data variable in an rw-p line; cmdline: argv with NULs;
 *              exe: an absolute path ending in /files_proc
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "files_check.h"

static char text[512 * 1024];	/* host zoneinfo and slabinfo are long */
static int data_var = 1;	/* in .data: an rw-p line of the program */

/* The whole file into text, NUL-terminated; its length or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (!check(fd >= 0, "open %s", path)) {
		text[0] = '\0';
		return -1;
	}
	while (len < sizeof(text) - 1 &&
	       (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	text[len] = '\0';
	check(len > 0 && len < sizeof(text) - 1, "%s: read %zu bytes", path,
	      len);
	return (long)len;
}

/* The line of text starting with key (at a line start), or NULL. */
static const char *line_of(const char *key)
{
	const char *p = text;
	size_t k = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, k))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* "Key:   N kB" of meminfo or status; -1 if absent or not in kB. */
static long kb_field(const char *key)
{
	char pat[64];
	const char *l;
	long v;
	char unit[4];

	snprintf(pat, sizeof(pat), "%s:", key);
	l = line_of(pat);
	if (!l || sscanf(l + strlen(pat), " %ld %3s", &v, unit) != 2 ||
	    strcmp(unit, "kB"))
		return -1;
	return v;
}

static void meminfo(long want_total)
{
	static const char *const keys[] = {
		"MemTotal", "MemFree", "Cached", "SwapTotal", "SwapFree",
		"Active", "Inactive", "Dirty", "AnonPages", "Mapped", "Slab",
		"PageTables",
	};
	long total, free_kb;
	unsigned int i;

	section_begin();
	slurp("/proc/meminfo");
	check(!strncmp(text, "MemTotal:", 9), "meminfo starts with MemTotal");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		check(kb_field(keys[i]) >= 0, "meminfo: %s in kB", keys[i]);
	total = kb_field("MemTotal");
	free_kb = kb_field("MemFree");
	check(total > 0 && total % 4 == 0, "MemTotal is whole pages");
	check(free_kb >= 0 && free_kb <= total, "MemFree <= MemTotal");
	section_end("meminfo: MemTotal, MemFree <= MemTotal and 10 more "
		    "fields in kB");
	if (want_total < 0)
		return;
	section_begin();
	check(total == want_total, "MemTotal %ld kB, expected %ld kB", total,
	      want_total);
	section_end("meminfo: MemTotal is %ld kB, the present pages of --mem",
		    want_total);
}

static void buddyinfo(void)
{
	const char *l;
	unsigned long counts[12];
	int n = 0, used;

	section_begin();
	slurp("/proc/buddyinfo");
	l = line_of("Node 0, zone      DMA ");
	if (check(l != NULL, "a line for Node 0, zone DMA")) {
		l += strlen("Node 0, zone      DMA");
		while (n < 12 && sscanf(l, " %lu%n", &counts[n], &used) == 1) {
			l += used;
			n++;
		}
		check(n == 11, "11 free counts (orders 0 to 10), got %d", n);
		check(*l == ' ' || *l == '\n', "the line ends after them");
	}
	section_end("buddyinfo: zone DMA with 11 free counts");
}

static void zoneinfo(void)
{
	section_begin();
	slurp("/proc/zoneinfo");
	check(line_of("Node 0, zone      DMA\n") != NULL,
	      "a Node 0, zone DMA header");
	check(strstr(text, "\n  pages free ") != NULL, "a pages free line");
	section_end("zoneinfo: zone DMA, pages free");
}

static void vmstat(void)
{
	const char *l;
	unsigned long v = 0;

	section_begin();
	slurp("/proc/vmstat");
	check(line_of("nr_free_pages ") != NULL, "nr_free_pages");
	l = line_of("pgfault ");
	check(l && sscanf(l, "pgfault %lu", &v) == 1 && v > 0, "pgfault > 0");
	check(line_of("pgmajfault ") != NULL, "pgmajfault");
	section_end("vmstat: nr_free_pages, pgfault > 0, pgmajfault");
}

static void slabinfo(void)
{
	section_begin();
	slurp("/proc/slabinfo");
	check(!strncmp(text, "slabinfo - version: 2.1\n", 24),
	      "the version line first");
	check(line_of("# name            <active_objs> <num_objs> <objsize> "
		      "<objperslab> <pagesperslab>") != NULL,
	      "the column line");
	section_end("slabinfo: version 2.1 header and column line");
}

static void cpuinfo(void)
{
	section_begin();
	slurp("/proc/cpuinfo");
	check(!strncmp(text, "processor\t: 0\n", 14), "processor 0 first");
	check(line_of("vendor_id\t: ") && line_of("model name\t: ") &&
	      line_of("flags\t\t: "), "vendor_id, model name, flags");
	section_end("cpuinfo: processor 0, vendor_id, model name, flags");
}

static void uptime(void)
{
	unsigned long a, b, c, d;
	char end;

	section_begin();
	slurp("/proc/uptime");
	check(sscanf(text, "%lu.%2lu %lu.%2lu%c", &a, &b, &c, &d, &end) == 5 &&
	      end == '\n' && strchr(text, '.')[3] == ' ',
	      "two decimals with two digits after the point");
	section_end("uptime: two decimals");
}

static void loadavg(void)
{
	unsigned long a[6], run, total, last;

	section_begin();
	slurp("/proc/loadavg");
	check(sscanf(text, "%lu.%2lu %lu.%2lu %lu.%2lu %lu/%lu %lu", &a[0],
		     &a[1], &a[2], &a[3], &a[4], &a[5], &run, &total,
		     &last) == 9 && run >= 1 && run <= total,
	      "three decimals, running/total with 1 <= running <= total, "
	      "a pid");
	section_end("loadavg: three averages, running/total, last pid");
}

/* Linux 2.6 has one tab before Used and Priority, later kernels two. */
static void swaps(void)
{
	const char *nl, *used, *prio;

	section_begin();
	slurp("/proc/swaps");
	nl = strchr(text, '\n');
	used = strstr(text, "\tUsed\t");
	prio = strstr(text, "\tPriority\n");
	check(!strncmp(text, "Filename\t\t\t\tType\t\tSize\t", 23) && nl &&
	      used && used < nl && prio && prio + 9 == nl, "the header line");
	section_end("swaps: header");
}

static void self_status(void)
{
	char want[64];
	const char *l;
	long size, rss, rss2;
	unsigned char *p;
	int i;

	section_begin();
	slurp("/proc/self/status");
	check(line_of("Name:\tfiles_proc\n") != NULL, "Name: files_proc");
	check(line_of("State:\tR (running)\n") != NULL, "State: R (running)");
	snprintf(want, sizeof(want), "Pid:\t%d\n", (int)getpid());
	check(line_of(want) != NULL, "Pid is getpid()");
	l = line_of("PPid:\t");
	check(l != NULL, "PPid");
	size = kb_field("VmSize");
	rss = kb_field("VmRSS");
	check(rss > 0 && size >= rss, "0 < VmRSS <= VmSize");
	p = mmap(NULL, 256 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (check(p != MAP_FAILED, "mmap 1 MiB")) {
		for (i = 0; i < 256; i++)
			p[i * 4096] = 1;
		slurp("/proc/self/status");
		rss2 = kb_field("VmRSS");
		check(rss2 >= rss + 1024, "VmRSS grows by 1024 kB or more "
		      "after touching 256 pages");
		check(kb_field("VmSize") >= size + 1024, "VmSize grows too");
		munmap(p, 256 * 4096);
	}
	section_end("self/status: Name, State, Pid, PPid, 0 < VmRSS <= VmSize, "
		    "both grow with 256 touched pages");
}

static void self_stat(void)
{
	char want[64];
	unsigned long v[7];

	section_begin();
	slurp("/proc/self/stat");
	snprintf(want, sizeof(want), "%d (files_proc) R ", (int)getpid());
	check(!strncmp(text, want, strlen(want)), "pid (files_proc) R");
	slurp("/proc/self/statm");
	check(sscanf(text, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2],
		     &v[3], &v[4], &v[5], &v[6]) == 7 && v[1] <= v[0] &&
	      v[1] > 0, "statm: 7 numbers, 0 < resident <= size");
	section_end("self/stat and statm: pid, comm, state; 7 page counts");
}

/* Does the maps line at l cover addr, with perms, naming a file /name? */
static int maps_line(const char *l, uintptr_t addr, const char *perms,
		     const char *name)
{
	unsigned long start, end;
	char p[5], path[512] = "";
	size_t n, k = strlen(name);

	if (sscanf(l, "%lx-%lx %4s %*x %*x:%*x %*u %511[^\n]", &start, &end,
		   p, path) < 3)
		return 0;
	if (addr < start || addr >= end || strcmp(p, perms))
		return 0;
	n = strlen(path);
	return n > k && !strcmp(path + n - k, name) && path[n - k - 1] == '/';
}

static void self_maps(void)
{
	const char *l;
	int text_ok = 0, data_ok = 0;

	section_begin();
	free(malloc(100000));	/* brk moved: a [heap] */
	slurp("/proc/self/maps");
	check(strstr(text, " [heap]\n") != NULL, "a [heap] line");
	check(strstr(text, " [stack]\n") != NULL, "a [stack] line");
	for (l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1
						    : NULL) {
		text_ok |= maps_line(l, (uintptr_t)&self_maps, "r-xp",
				     "files_proc");
		data_ok |= maps_line(l, (uintptr_t)&data_var, "rw-p",
				     "files_proc");
	}
	check(text_ok, "this code in an r-xp line naming files_proc");
	check(data_ok, "a .data variable in an rw-p line naming files_proc");
	section_end("self/maps: [heap], [stack], the program's text and data");
}

static void self_cmdline(int argc, char **argv)
{
	char want[4096];
	size_t len = 0, n;
	long got;
	int i;

	section_begin();
	for (i = 0; i < argc && len < sizeof(want); i++) {
		n = strlen(argv[i]) + 1;
		if (len + n > sizeof(want))
			break;
		memcpy(want + len, argv[i], n);
		len += n;
	}
	got = slurp("/proc/self/cmdline");
	check(got == (long)len && !memcmp(text, want, len),
	      "cmdline is argv, NUL-separated");
	section_end("self/cmdline: argv with NULs");
}

static void self_exe(void)
{
	char target[4096];
	ssize_t n;

	section_begin();
	n = readlink("/proc/self/exe", target, sizeof(target) - 1);
	if (check(n > 0, "readlink /proc/self/exe")) {
		target[n] = '\0';
		check(target[0] == '/', "an absolute path");
		check(n >= 11 && !strcmp(target + n - 11, "/files_proc"),
		      "ending in /files_proc");
	}
	section_end("self/exe: an absolute path to files_proc");
}

int main(int argc, char **argv)
{
	long want_total = -1;
	char *end;

	files_start();
	if (argc > 2) {
		fprintf(stderr, "usage: files_proc [MEMTOTAL_KB]\n");
		return 2;
	}
	if (argc == 2) {
		want_total = strtol(argv[1], &end, 10);
		if (*end || want_total <= 0) {
			fprintf(stderr, "files_proc: bad MemTotal '%s'\n",
				argv[1]);
			return 2;
		}
	}
	meminfo(want_total);
	buddyinfo();
	zoneinfo();
	vmstat();
	slabinfo();
	cpuinfo();
	uptime();
	loadavg();
	swaps();
	self_status();
	self_stat();
	self_maps();
	self_cmdline(argc, argv);
	self_exe();
	return files_status();
}
