/*
 * proc_meminfo.c - /proc/meminfo and /proc/vmstat (Linux's
 * fs/proc/meminfo.c and mm/vmstat.c): where the memory is, from the
 * counters that track it.
 *
 * Some of Linux's per-zone counters do not exist here as counters, so
 * they are counted when asked: the LRU lists are walked for
 * Active/Inactive by kind, mem_map is scanned for AnonPages, Mapped and
 * Mlocked, and every process's page directory for PageTables. That costs
 * a pass over memory per read, which a /proc read can afford.
 */
#include <inttypes.h>
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "proc_fs.h"
#include "proc_internal.h"
#include "sched.h"
#include "seq_file.h"
#include "slab.h"
#include "vmstat.h"

static int page_is_anon_lru(const struct page *page)
{
	return PageAnon(page) || PageSwapBacked(page);
}

static void count_lru(const struct list_head *list, unsigned long *anon,
		      unsigned long *file)
{
	const struct page *page;

	list_for_each_entry(page, list, lru) {
		if (page_is_anon_lru(page))
			(*anon)++;
		else
			(*file)++;
	}
}

static void count_mem_map(struct meminfo *mi)
{
	unsigned long pfn;

	for (pfn = 0; pfn < max_pfn; pfn++) {
		const struct page *page = pfn_to_page(pfn);

		if (PageMlocked(page))
			mi->mlocked++;
		if (!page_mapped(page) || PageReserved(page))
			continue;
		if (PageAnon(page))
			mi->anon_pages++;
		else if (page->mapping)
			mi->mapped++;
	}
}

/* Page-table pages of every address space, each mm counted once. */
static unsigned long count_page_tables(void)
{
	const struct proc_task_ops *ops = proc_tasks;
	struct mm_struct *seen[64];
	unsigned long pages = 0;
	unsigned int nseen = 0, i;
	int pid = 0;

	if (!ops || !ops->next_pid || !ops->find)
		return 0;
	while ((pid = ops->next_pid(pid)) > 0) {
		struct task_struct *t = ops->find(pid);
		struct mm_struct *mm = t ? t->mm : NULL;

		if (!mm || !mm->pgd)
			continue;
		for (i = 0; i < nseen && seen[i] != mm; i++)
			;
		if (i < nseen)
			continue;
		if (nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = mm;
		pages += pgd_nr_ptes(mm->pgd);
	}
	return pages;
}

/* Linux's calculate_totalreserve_pages */
static unsigned long totalreserve_pages(void)
{
	unsigned long total = 0;
	int i, j;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &contig_page_data.node_zones[i];
		unsigned long max = 0;

		for (j = i; j < MAX_NR_ZONES; j++)
			if (z->lowmem_reserve[j] > max)
				max = z->lowmem_reserve[j];
		max += z->pages_high;
		if (max > z->present_pages)
			max = z->present_pages;
		total += max;
	}
	return total;
}

/* Linux's si_mem_available */
static unsigned long mem_available(const struct meminfo *mi)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++)
		wmark_low += contig_page_data.node_zones[i].pages_low;
	available = (long)mi->freeram - (long)totalreserve_pages();
	pagecache = mi->cached;
	pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
	available += (long)pagecache;
	reclaimable = mi->slab_reclaimable;
	available += (long)(reclaimable - (reclaimable / 2 < wmark_low ?
					   reclaimable / 2 : wmark_low));
	return available < 0 ? 0 : (unsigned long)available;
}

void si_meminfo(struct meminfo *mi)
{
	const struct zone *high = &contig_page_data.node_zones[ZONE_HIGHMEM];
	int i;

	memset(mi, 0, sizeof(*mi));
	mi->totalram = totalram_pages;
	mi->freeram = nr_free_pages();
	for (i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &contig_page_data.node_zones[i];

		mi->active += z->nr_active;
		mi->inactive += z->nr_inactive;
		if (!z->active_list.next)	/* a zone never set up */
			continue;
		count_lru(&z->active_list, &mi->active_anon, &mi->active_file);
		count_lru(&z->inactive_list, &mi->inactive_anon,
			  &mi->inactive_file);
	}
	mi->totalhigh = high->present_pages;
	mi->freehigh = high->free_pages;
	mi->totallow = mi->totalram - mi->totalhigh;
	mi->freelow = mi->freeram - mi->freehigh;
	if (proc_swap && proc_swap->si_swapinfo)
		proc_swap->si_swapinfo(&mi->totalswap, &mi->freeswap);
	if (proc_swap && proc_swap->swapcache_pages)
		mi->swapcached = proc_swap->swapcache_pages();
	mi->cached = page_cache_stat.nr_file_pages;
	mi->dirty = page_cache_stat.nr_dirty;
	mi->writeback = page_cache_stat.nr_writeback;
	mi->shmem = page_cache_stat.nr_shmem;
	count_mem_map(mi);
	mi->slab = slab_pages();
	mi->slab_reclaimable = vfs_reclaimable_slab_pages();
	mi->slab_unreclaimable = mi->slab - mi->slab_reclaimable;
	mi->page_tables = count_page_tables();
	mi->available = mem_available(mi);
}

static void show_val_kb(struct seq_file *m, const char *name,
			unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

void meminfo_show(struct seq_file *m)
{
	struct meminfo i;

	si_meminfo(&i);
	show_val_kb(m, "MemTotal:", i.totalram);
	show_val_kb(m, "MemFree:", i.freeram);
	show_val_kb(m, "MemAvailable:", i.available);
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", i.cached);
	show_val_kb(m, "SwapCached:", i.swapcached);
	show_val_kb(m, "Active:", i.active);
	show_val_kb(m, "Inactive:", i.inactive);
	show_val_kb(m, "Active(anon):", i.active_anon);
	show_val_kb(m, "Inactive(anon):", i.inactive_anon);
	show_val_kb(m, "Active(file):", i.active_file);
	show_val_kb(m, "Inactive(file):", i.inactive_file);
	show_val_kb(m, "Unevictable:", i.mlocked);
	show_val_kb(m, "Mlocked:", i.mlocked);
	show_val_kb(m, "HighTotal:", i.totalhigh);
	show_val_kb(m, "HighFree:", i.freehigh);
	show_val_kb(m, "LowTotal:", i.totallow);
	show_val_kb(m, "LowFree:", i.freelow);
	show_val_kb(m, "SwapTotal:", i.totalswap);
	show_val_kb(m, "SwapFree:", i.freeswap);
	show_val_kb(m, "Dirty:", i.dirty);
	show_val_kb(m, "Writeback:", i.writeback);
	show_val_kb(m, "AnonPages:", i.anon_pages);
	show_val_kb(m, "Mapped:", i.mapped);
	show_val_kb(m, "Shmem:", i.shmem);
	show_val_kb(m, "Slab:", i.slab);
	show_val_kb(m, "SReclaimable:", i.slab_reclaimable);
	show_val_kb(m, "SUnreclaim:", i.slab_unreclaimable);
	show_val_kb(m, "PageTables:", i.page_tables);
}

void vmstat_show(struct seq_file *m)
{
	struct meminfo i;
	int e;

	si_meminfo(&i);
	seq_printf(m, "nr_free_pages %lu\n", i.freeram);
	seq_printf(m, "nr_inactive_anon %lu\n", i.inactive_anon);
	seq_printf(m, "nr_active_anon %lu\n", i.active_anon);
	seq_printf(m, "nr_inactive_file %lu\n", i.inactive_file);
	seq_printf(m, "nr_active_file %lu\n", i.active_file);
	seq_printf(m, "nr_mlock %lu\n", i.mlocked);
	seq_printf(m, "nr_anon_pages %lu\n", i.anon_pages);
	seq_printf(m, "nr_mapped %lu\n", i.mapped);
	seq_printf(m, "nr_file_pages %lu\n", i.cached);
	seq_printf(m, "nr_dirty %lu\n", i.dirty);
	seq_printf(m, "nr_writeback %lu\n", i.writeback);
	seq_printf(m, "nr_shmem %lu\n", i.shmem);
	seq_printf(m, "nr_slab_reclaimable %lu\n", i.slab_reclaimable);
	seq_printf(m, "nr_slab_unreclaimable %lu\n", i.slab_unreclaimable);
	seq_printf(m, "nr_page_table_pages %lu\n", i.page_tables);
	for (e = 0; e < NR_VM_EVENT_ITEMS; e++)
		seq_printf(m, "%s %" PRIu64 "\n", vm_event_names[e],
			   vm_events[e]);
}
