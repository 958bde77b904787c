/*
 * test_vfs_proc.c - /proc, field by field against the counters: meminfo
 * (Linux's layout, MemTotal = totalram_pages * 4 kB, High/Low from the
 * zones, Slab from the slab, Cached/Dirty from the page cache, LRU
 * classification, AnonPages/Mapped from mem_map, PageTables from the
 * processes, swap from the swap hooks, MemAvailable by Linux's formula),
 * vmstat, the dumps shared with the allocator (buddyinfo, zoneinfo,
 * slabinfo), swaps, uptime, loadavg, cpuinfo, mounts, and the process
 * files maps, status, stat (52 fields), statm, cmdline, exe, self, with
 * process directories that go when the process goes. 1 GiB of memory, so
 * there is a highmem zone.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "vfs_test.h"
#include "mm.h"
#include "proc_fs.h"
#include "sched.h"
#include "vmstat.h"

static struct task_struct t1, t7;
static struct task_struct *tasks[2];
static int ntasks;

static struct task_struct *fake_self(void)
{
	return ntasks ? tasks[0] : NULL;
}

static struct task_struct *fake_find(int pid)
{
	for (int i = 0; i < ntasks; i++)
		if (tasks[i]->pid == pid)
			return tasks[i];
	return NULL;
}

static int fake_next(int after)
{
	int best = -1;

	for (int i = 0; i < ntasks; i++)
		if (tasks[i]->pid > after && (best < 0 || tasks[i]->pid < best))
			best = tasks[i]->pid;
	return best;
}

static const struct proc_task_ops fake_tasks = {
	.self = fake_self, .find = fake_find, .next_pid = fake_next,
};

static unsigned long swap_total, swap_free, swap_cached;

static void fake_swapinfo(unsigned long *total, unsigned long *free)
{
	*total = swap_total;
	*free = swap_free;
}

static unsigned long fake_swapcache(void)
{
	return swap_cached;
}

static void fake_swaps(struct seq_file *m)
{
	seq_printf(m, "%-40sfile\t\t4000\t1600\t-2\n", "/swapfile");
}

static const struct proc_swap_ops fake_swap = {
	.si_swapinfo = fake_swapinfo,
	.swapcache_pages = fake_swapcache,
	.swaps_show = fake_swaps,
};

static int setup(void **state)
{
	char page[2 * 4096 + 256];

	(void)state;
	vt_make_root();
	vt_mkdir("bin");
	memset(page, 0x90, sizeof(page));
	vt_write("bin/prog", page, sizeof(page));
	vt_write("data", "0123456789", 10);
	memset(&t1, 0, sizeof(t1));
	memset(&t7, 0, sizeof(t7));
	ntasks = 0;
	avenrun[0] = avenrun[1] = avenrun[2] = 0;
	proc_set_task_ops(NULL);
	proc_set_swap_ops(NULL);
	return vt_boot(1ull << 30, VFS_ROOT_RW);
}

static int teardown(void **state)
{
	(void)state;
	if (t1.mm)
		mmput(t1.mm);
	t1.mm = NULL;
	proc_set_task_ops(NULL);
	proc_set_swap_ops(NULL);
	vt_shutdown();
	vt_remove_root();
	return 0;
}

/* The value of "key:" in a "key: value" text; -1 if absent. */
static long field(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ':')
			return strtol(p + n + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static void show(void (*fn)(struct seq_file *), struct seq_file *m)
{
	seq_init(m);
	fn(m);
}

/* The text of a /proc file read through the VFS. */
static char *proc_text(const char *name)
{
	static char text[65536];
	ssize_t n = vt_cat(name, text, sizeof(text) - 1);

	assert_true(n >= 0);
	text[n] = '\0';
	return text;
}

static void test_meminfo_layout_and_totals(void **state)
{
	static const char *const keys[] = {
		"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
		"SwapCached", "Active", "Inactive", "Active(anon)",
		"Inactive(anon)", "Active(file)", "Inactive(file)",
		"Unevictable", "Mlocked", "HighTotal", "HighFree", "LowTotal",
		"LowFree", "SwapTotal", "SwapFree", "Dirty", "Writeback",
		"AnonPages", "Mapped", "Shmem", "Slab", "SReclaimable", "SUnreclaim",
		"PageTables",
	};
	const struct zone *high = &contig_page_data.node_zones[ZONE_HIGHMEM];
	struct seq_file m;
	char key[32], line[64];
	const char *p;
	unsigned int i;

	(void)state;
	show(meminfo_show, &m);
	/* Linux's layout: the name padded to 16, the value to 8, " kB" */
	for (i = 0, p = m.buf; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(key, sizeof(key), "%s:", keys[i]);
		snprintf(line, sizeof(line), "%-16s%8ld kB\n", key,
			 field(m.buf, keys[i]));
		assert_memory_equal(p, line, strlen(line));
		p += strlen(line);
	}
	assert_int_equal(*p, '\0');
	assert_int_equal(field(m.buf, "MemTotal"), totalram_pages * 4);
	assert_int_equal(field(m.buf, "MemFree"), nr_free_pages() * 4);
	assert_true(high->present_pages > 0);
	assert_int_equal(field(m.buf, "HighTotal"), high->present_pages * 4);
	assert_int_equal(field(m.buf, "HighFree"), high->free_pages * 4);
	assert_int_equal(field(m.buf, "LowTotal"),
			 (totalram_pages - high->present_pages) * 4);
	assert_int_equal(field(m.buf, "LowFree"),
			 (nr_free_pages() - high->free_pages) * 4);
	assert_int_equal(field(m.buf, "Slab"), slab_pages() * 4);
	assert_int_equal(field(m.buf, "SReclaimable") +
			 field(m.buf, "SUnreclaim"), slab_pages() * 4);
	assert_true(field(m.buf, "SReclaimable") > 0);	/* the dentries */
	assert_int_equal(field(m.buf, "Buffers"), 0);
	assert_int_equal(field(m.buf, "SwapTotal"), 0);
	assert_int_equal(field(m.buf, "Cached"), 0);
	seq_release(&m);
	/* the guest's /proc/meminfo is the same text */
	p = proc_text("/proc/meminfo");
	assert_int_equal(field(p, "MemTotal"), totalram_pages * 4);
	assert_int_equal(field(p, "HighTotal"), high->present_pages * 4);
}

/* Linux's si_mem_available, computed here independently. */
static long expected_available(long free, long cached, long reclaimable)
{
	long reserve = 0, wmark_low = 0, avail;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &contig_page_data.node_zones[i];
		long max = 0;

		for (int j = 0; j < MAX_NR_ZONES; j++)
			if ((long)z->lowmem_reserve[j] > max)
				max = (long)z->lowmem_reserve[j];
		max += (long)z->pages_high;
		reserve += max > (long)z->present_pages ?
			   (long)z->present_pages : max;
		wmark_low += (long)z->pages_low;
	}
	avail = free - reserve;
	avail += cached - (cached / 2 < wmark_low ? cached / 2 : wmark_low);
	avail += reclaimable - (reclaimable / 2 < wmark_low ? reclaimable / 2
							     : wmark_low);
	return avail < 0 ? 0 : avail;
}

static void test_meminfo_follows_the_counters(void **state)
{
	struct zone *z = &contig_page_data.node_zones[ZONE_NORMAL];
	struct page *anon, *file;
	struct seq_file m;
	struct file *f;
	char buf[4096];
	loff_t pos = 0;

	(void)state;
	assert_int_equal(vt_cat("/bin/prog", buf, sizeof(buf)), 4096);
	f = vt_open("/data", O_RDWR, 0);
	assert_int_equal(vfs_write(f, "dirty", 5, &pos), 5);
	show(meminfo_show, &m);
	assert_int_equal(field(m.buf, "Cached"), 2 * 4);
	assert_int_equal(field(m.buf, "Dirty"), 4);
	assert_int_equal(field(m.buf, "Writeback"), 0);
	assert_int_equal(field(m.buf, "MemAvailable"),
			 4 * expected_available((long)nr_free_pages(), 2,
				field(m.buf, "SReclaimable") / 4));
	seq_release(&m);
	assert_int_equal(vfs_fsync(f, 0), 0);
	fput(f);
	show(meminfo_show, &m);
	assert_int_equal(field(m.buf, "Dirty"), 0);
	seq_release(&m);

	/* pages on the LRU lists, by kind: the two cached pages joined the
	 * inactive list when they entered the cache; two more by hand */
	show(meminfo_show, &m);
	assert_int_equal(field(m.buf, "Inactive(file)"), 2 * 4);
	assert_int_equal(field(m.buf, "Active"), 0);
	seq_release(&m);
	anon = alloc_page(GFP_KERNEL);
	file = alloc_page(GFP_KERNEL);
	SetPageAnon(anon);
	list_add(&anon->lru, &z->active_list);
	list_add(&file->lru, &z->inactive_list);
	z->nr_active++;
	z->nr_inactive++;
	show(meminfo_show, &m);
	assert_int_equal(field(m.buf, "Active"), 4);
	assert_int_equal(field(m.buf, "Inactive"), 3 * 4);
	assert_int_equal(field(m.buf, "Active(anon)"), 4);
	assert_int_equal(field(m.buf, "Active(file)"), 0);
	assert_int_equal(field(m.buf, "Inactive(file)"), 3 * 4);
	assert_int_equal(field(m.buf, "Inactive(anon)"), 0);
	seq_release(&m);
	list_del(&anon->lru);
	list_del(&file->lru);
	z->nr_active--;
	z->nr_inactive--;
	ClearPageAnon(anon);
	__free_page(anon);
	__free_page(file);

	/* swap, as the swap code reports it */
	swap_total = 1000;
	swap_free = 600;
	swap_cached = 3;
	proc_set_swap_ops(&fake_swap);
	show(meminfo_show, &m);
	assert_int_equal(field(m.buf, "SwapTotal"), 4000);
	assert_int_equal(field(m.buf, "SwapFree"), 2400);
	assert_int_equal(field(m.buf, "SwapCached"), 12);
	seq_release(&m);
	assert_string_equal(proc_text("/proc/swaps"),
		"Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
		"/swapfile                               "
		"file\t\t4000\t1600\t-2\n");
}

/* A process: text from /bin/prog, a heap, a stack with its arguments,
 * an anonymous mapping and a shared mapping of a tmpfs file. */
static uint32_t anon_addr, shm_addr;

static void make_process(void)
{
	struct mm_struct *mm = mm_alloc();
	struct file *prog, *shm;
	uint32_t a;

	assert_non_null(mm);
	t1.pid = t1.tgid = 1;
	t1.ppid = 0;
	t1.state = TASK_RUNNING;
	strcpy(t1.comm, "prog");
	strcpy(t1.exe, "/bin/prog");
	t1.mm = mm;
	t1.utime_blocks = 250000;
	t1.blocked = 1ull << 14;
	t1.sigaction[1].handler = 1;		/* SIGINT ignored */
	t1.sigaction[9].handler = 0x08048100;	/* SIGUSR1 caught */
	t1.rlim[RLIMIT_RSS].rlim_cur = RLIM_INFINITY;
	prog = vt_open("/bin/prog", O_RDONLY, 0);
	a = vfs_mmap(mm, prog, 0x08048000, 2 * 4096 + 256,
		     PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, 0);
	assert_int_equal(a, 0x08048000);
	fput(prog);
	mm->start_code = 0x08048000;
	mm->end_code = 0x08049100;
	mm->start_data = 0x0804a000;
	mm->end_data = 0x0804a000;
	mm->start_brk = mm->brk = 0x0804c000;
	assert_int_equal(do_brk(mm, 0x0804e000), 0x0804e000);
	assert_int_equal(setup_arg_pages(mm, 0x20000, 0), 0);
	mm->start_stack = STACK_TOP - 0x100;
	mm->arg_start = STACK_TOP - 0x100;
	mm->arg_end = mm->arg_start + 8;
	mm->env_start = mm->env_end = mm->arg_end;
	assert_int_equal(access_process_vm(mm, mm->arg_start, "prog\0-x\0", 8,
					   1), 8);
	anon_addr = do_mmap_pgoff(mm, 0, 8192, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, 0, NULL, NULL);
	assert_int_equal(access_process_vm(mm, anon_addr, "x", 1, 1), 1);
	shm = vt_open("/tmp/shm", O_CREAT | O_RDWR, 0600);
	assert_int_equal(do_ftruncate(shm, 4096), 0);
	shm_addr = vfs_mmap(mm, shm, 0, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED, 0);
	assert_false(IS_ERR_VALUE(shm_addr));
	assert_int_equal(access_process_vm(mm, shm_addr, "s", 1, 1), 1);
	fput(shm);

	t7.pid = t7.tgid = 7;
	t7.ppid = 1;
	t7.state = EXIT_ZOMBIE;
	strcpy(t7.comm, "zombie");
	tasks[0] = &t1;
	tasks[1] = &t7;
	ntasks = 2;
	proc_set_task_ops(&fake_tasks);
}

static void test_meminfo_process_counts(void **state)
{
	struct seq_file m;

	(void)state;
	make_process();
	show(meminfo_show, &m);
	/* anon: the stack page with argv, the anonymous page */
	assert_int_equal(field(m.buf, "AnonPages"), 2 * 4);
	/* the shared tmpfs page: a page-cache page mapped */
	assert_int_equal(field(m.buf, "Mapped"), 4);
	assert_int_equal(field(m.buf, "Shmem"), 4);
	assert_true(pgd_nr_ptes(t1.mm->pgd) >= 2);	/* stack, mmaps */
	assert_int_equal(field(m.buf, "PageTables"),
			 pgd_nr_ptes(t1.mm->pgd) * 4);
	seq_release(&m);
}

static void test_vmstat(void **state)
{
	struct seq_file m;
	char want[64];
	int lines = 0;

	(void)state;
	count_vm_events(pgfault, 42);
	show(vmstat_show, &m);
	snprintf(want, sizeof(want), "nr_free_pages %lu\n", nr_free_pages());
	assert_memory_equal(m.buf, want, strlen(want));
	for (int e = 0; e < NR_VM_EVENT_ITEMS; e++) {
		snprintf(want, sizeof(want), "\n%s %llu\n", vm_event_names[e],
			 (unsigned long long)vm_events[e]);
		assert_non_null(strstr(m.buf, want));
	}
	assert_non_null(strstr(m.buf, "\npgfault 42\n"));
	for (const char *p = m.buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 15 + NR_VM_EVENT_ITEMS);
	seq_release(&m);
}

/* A /proc file's text equals its generator's, generated while open. */
static void same_text(const char *name, void (*fn)(struct seq_file *))
{
	struct file *f = vt_open(name, O_RDONLY, 0);
	static char text[65536];
	struct seq_file m;
	ssize_t n;

	assert_false(IS_ERR(f));
	n = vfs_read(f, text, sizeof(text) - 1, &f->f_pos);
	assert_true(n > 0);
	text[n] = '\0';
	show(fn, &m);
	assert_string_equal(text, m.buf);
	seq_release(&m);
	assert_int_equal(vt_open_err(name, O_WRONLY), -EACCES);
	fput(f);
}

static void test_shared_dumps_and_small_files(void **state)
{
	(void)state;
	same_text("/proc/buddyinfo", buddyinfo_show);
	same_text("/proc/zoneinfo", zoneinfo_show);
	same_text("/proc/slabinfo", slabinfo_show);
	assert_non_null(strstr(proc_text("/proc/slabinfo"), "\ndentry "));
	assert_string_equal(proc_text("/proc/swaps"),
			    "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
	vfs_set_clock(12345);
	assert_string_equal(proc_text("/proc/uptime"), "123.45 0.00\n");
	assert_string_equal(proc_text("/proc/loadavg"),
			    "0.00 0.00 0.00 0/0 0\n");
	assert_string_equal(proc_text("/proc/mounts"),
			    "hostfs / hostfs rw 0 0\n"
			    "proc /proc proc rw 0 0\n"
			    "tmpfs /tmp tmpfs rw 0 0\n"
			    "devfs /dev devfs rw 0 0\n");
	assert_memory_equal(proc_text("/proc/cpuinfo"), "processor\t: 0\n"
			    "vendor_id\t: GenuineIntel\n", 39);
	assert_non_null(strstr(proc_text("/proc/cpuinfo"),
		"\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr "
		"pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht\n"));
}

static void test_loadavg(void **state)
{
	(void)state;
	make_process();
	assert_string_equal(proc_text("/proc/loadavg"),
			    "0.00 0.00 0.00 1/2 7\n");
	calc_global_load(1);
	/* 2048*(2048-1884)+2047 >> 11 = 164 -> 0.08; 34 -> 0.01; 11 -> 0.00 */
	assert_int_equal(avenrun[0], 164);
	assert_int_equal(avenrun[1], 34);
	assert_int_equal(avenrun[2], 11);
	assert_string_equal(proc_text("/proc/loadavg"),
			    "0.08 0.01 0.00 1/2 7\n");
}

/* "start-end perm offset dev ino" padded to column 49, then the name */
static void map_line(char *out, size_t len, uint32_t s, uint32_t e,
		     const char *perm, uint32_t off, const char *dev,
		     unsigned long ino, const char *name)
{
	int n = snprintf(out, len, "%08x-%08x %s %08x %s %lu ", s, e, perm,
			 off, dev, ino);

	if (name)
		snprintf(out + n, len - (size_t)n, "%*s%s\n",
			 49 - n > 0 ? 49 - n : 0, "", name);
	else
		snprintf(out + n, len - (size_t)n, "\n");
}

static void test_maps(void **state)
{
	struct kstat prog, shm;
	char want[4096], *w = want;
	const char *text;

	(void)state;
	make_process();
	assert_int_equal(vfs_stat(vt_fs, NULL, "/bin/prog", 0, &prog), 0);
	assert_int_equal(vfs_stat(vt_fs, NULL, "/tmp/shm", 0, &shm), 0);
	map_line(w, 200, 0x08048000, 0x0804b000, "r-xp", 0, "00:01",
		 (unsigned long)prog.ino, "/bin/prog");
	w += strlen(w);
	map_line(w, 200, 0x0804c000, 0x0804e000, "rw-p", 0, "00:00", 0,
		 "[heap]");
	w += strlen(w);
	map_line(w, 200, shm_addr, shm_addr + 4096, "rw-s", 0, "00:03",
		 (unsigned long)shm.ino, "/tmp/shm");
	w += strlen(w);
	map_line(w, 200, anon_addr, anon_addr + 8192, "rw-p", 0, "00:00", 0,
		 NULL);
	w += strlen(w);
	map_line(w, 200, STACK_TOP - 0x20000, STACK_TOP, "rw-p", 0, "00:00",
		 0, "[stack]");
	assert_true(shm_addr + 4096 == anon_addr);	/* top-down mmap */
	text = proc_text("/proc/1/maps");
	assert_string_equal(text, want);
	assert_int_equal(strchr(text, '/') - text, 49);
	assert_string_equal(proc_text("/proc/7/maps"), "");
}

static void test_status_stat_statm(void **state)
{
	struct mm_struct *mm;
	char *text, *p, *fields[64];
	int n = 0;

	(void)state;
	make_process();
	mm = t1.mm;
	text = proc_text("/proc/1/status");
	p = "Name:\tprog\nState:\tR (running)\nTgid:\t1\nPid:\t1\nPPid:\t0\n";
	assert_memory_equal(text, p, strlen(p));
	assert_int_equal(field(text, "VmSize"), mm->total_vm * 4);
	assert_int_equal(field(text, "VmPeak"), mm->hiwater_vm * 4 >
			 mm->total_vm * 4 ? mm->hiwater_vm * 4 :
			 mm->total_vm * 4);
	assert_int_equal(field(text, "VmRSS"),
			 (mm->anon_rss + mm->file_rss) * 4);
	assert_int_equal(field(text, "VmRSS"), 3 * 4);
	assert_int_equal(field(text, "VmHWM"), 3 * 4);
	assert_int_equal(field(text, "VmStk"), mm->stack_vm * 4);
	assert_int_equal(field(text, "VmStk"), 0x20000 / 1024);
	assert_int_equal(field(text, "VmExe"), 8);
	assert_int_equal(field(text, "VmLib"), 12 - 8);
	assert_int_equal(field(text, "VmData"),
			 (mm->total_vm - mm->shared_vm - mm->stack_vm) * 4);
	assert_int_equal(field(text, "VmPTE"), pgd_nr_ptes(mm->pgd) * 4);
	assert_int_equal(field(text, "VmSwap"), 0);
	assert_int_equal(field(text, "VmLck"), 0);
	assert_non_null(strstr(text, "\nSigBlk:\t0000000000004000\n"));
	assert_non_null(strstr(text, "\nSigIgn:\t0000000000000002\n"));
	assert_non_null(strstr(text, "\nSigCgt:\t0000000000000200\n"));
	assert_non_null(strstr(text, "\nThreads:\t1\n"));

	text = proc_text("/proc/7/status");
	assert_non_null(strstr(text, "State:\tZ (zombie)\n"));
	assert_null(strstr(text, "VmSize"));

	text = proc_text("/proc/1/stat");
	assert_memory_equal(text, "1 (prog) R 0 1 1 0 -1 0 ", 24);
	for (p = strtok(text, " \n"); p && n < 64; p = strtok(NULL, " \n"))
		fields[n++] = p;
	assert_int_equal(n, 52);
	assert_int_equal(strtoul(fields[9], NULL, 10), mm->min_flt);
	assert_int_equal(strtoul(fields[13], NULL, 10), 2);	/* utime */
	assert_int_equal(strtoul(fields[17], NULL, 10), 20);	/* priority */
	assert_int_equal(strtoul(fields[19], NULL, 10), 1);	/* threads */
	assert_int_equal(strtoul(fields[22], NULL, 10), mm->total_vm * 4096);
	assert_int_equal(strtoul(fields[23], NULL, 10), 3);	/* rss */
	assert_int_equal(strtoul(fields[24], NULL, 10), 4294967295ul);
	assert_int_equal(strtoul(fields[25], NULL, 10), 0x08048000);
	assert_int_equal(strtoul(fields[26], NULL, 10), 0x08049100);
	assert_int_equal(strtoul(fields[27], NULL, 10), STACK_TOP - 0x100);
	assert_int_equal(strtoul(fields[31], NULL, 10), 1u << 14);
	assert_int_equal(strtoul(fields[32], NULL, 10), 2);	/* ignored */
	assert_int_equal(strtoul(fields[33], NULL, 10), 0x200);	/* caught */
	assert_int_equal(strtoul(fields[37], NULL, 10), 17);	/* SIGCHLD */
	assert_int_equal(strtoul(fields[46], NULL, 10), 0x0804c000);
	assert_int_equal(strtoul(fields[47], NULL, 10), STACK_TOP - 0x100);
	assert_int_equal(strtoul(fields[48], NULL, 10), STACK_TOP - 0xf8);
	assert_int_equal(strtoul(fields[51], NULL, 10), 0);

	text = proc_text("/proc/1/statm");
	snprintf((char *)fields, 256, "%lu %ld %ld 2 0 %lu 0\n", mm->total_vm,
		 mm->anon_rss + mm->file_rss, mm->file_rss,
		 mm->total_vm - mm->shared_vm);
	assert_string_equal(text, (char *)fields);
	assert_string_equal(proc_text("/proc/7/statm"), "0 0 0 0 0 0 0\n");
}

static void test_cmdline_exe_self_and_exit(void **state)
{
	char buf[64];

	(void)state;
	make_process();
	assert_int_equal(vt_cat("/proc/1/cmdline", buf, sizeof(buf)), 8);
	assert_memory_equal(buf, "prog\0-x\0", 8);
	assert_int_equal(vt_cat("/proc/7/cmdline", buf, sizeof(buf)), 0);
	assert_int_equal(do_readlink(vt_fs, NULL, "/proc/1/exe", buf, 64), 9);
	assert_memory_equal(buf, "/bin/prog", 9);
	assert_int_equal(vt_cat("/proc/1/exe", buf, sizeof(buf)), 64);
	assert_int_equal(do_readlink(vt_fs, NULL, "/proc/self", buf, 64), 1);
	assert_int_equal(buf[0], '1');
	assert_int_equal(field(proc_text("/proc/self/status"), "Pid"), 1);
	assert_int_equal(vt_lookup_err("/proc/2", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/proc/1/nope", 0), -ENOENT);

	/* the zombie is reaped: its directory goes, even if cached */
	assert_int_equal(vt_lookup_err("/proc/7/status", 0), 0);
	ntasks = 1;
	assert_int_equal(vt_lookup_err("/proc/7/status", 0), -ENOENT);
	assert_int_equal(vt_lookup_err("/proc/7", 0), -ENOENT);
	/* and a new process with that number appears */
	ntasks = 2;
	assert_int_equal(vt_lookup_err("/proc/7", 0), 0);
}

static struct {
	struct dir_context ctx;
	int n;
	char names[32][16];
} listing;

static int collect(struct dir_context *ctx, const char *name, int len,
		   loff_t pos, uint64_t ino, unsigned int type)
{
	(void)ctx;
	(void)pos;
	(void)ino;
	(void)type;
	snprintf(listing.names[listing.n++], 16, "%.*s", len, name);
	return listing.n == 32;
}

static void test_proc_listing(void **state)
{
	static const char *const want[] = {
		".", "..", "buddyinfo", "cpuinfo", "loadavg", "meminfo",
		"mounts", "self", "slabinfo", "swaps", "uptime", "vmstat",
		"zoneinfo", "1", "7",
	};
	struct file *f;

	(void)state;
	make_process();
	f = vt_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	assert_false(IS_ERR(f));
	memset(&listing, 0, sizeof(listing));
	listing.ctx.actor = collect;
	assert_int_equal(vfs_iterate(f, &listing.ctx), 0);
	assert_int_equal(listing.n, 15);
	for (int i = 0; i < 15; i++)
		assert_string_equal(listing.names[i], want[i]);
	fput(f);
	f = vt_open("/proc/1", O_RDONLY | O_DIRECTORY, 0);
	memset(&listing, 0, sizeof(listing));
	listing.ctx.actor = collect;
	assert_int_equal(vfs_iterate(f, &listing.ctx), 0);
	assert_int_equal(listing.n, 8);
	assert_string_equal(listing.names[2], "cmdline");
	assert_string_equal(listing.names[7], "status");
	fput(f);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_meminfo_layout_and_totals),
		T(test_meminfo_follows_the_counters),
		T(test_meminfo_process_counts),
		T(test_vmstat),
		T(test_shared_dumps_and_small_files),
		T(test_loadavg),
		T(test_maps),
		T(test_status_stat_statm),
		T(test_cmdline_exe_self_and_exit),
		T(test_proc_listing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
