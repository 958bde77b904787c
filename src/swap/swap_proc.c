/*
 * swap_proc.c - what the rest of the system reads about swap: the lines
 * of /proc/swaps (Linux's swap_show, byte for byte), the totals of
 * sysinfo and /proc/meminfo (si_swapinfo, SwapCached), handed to procfs
 * as swap_proc_ops, and the slots still in use that the "nothing lost"
 * check compares to zero at exit.
 */
#include <string.h>
#include "proc_fs.h"
#include "seq_file.h"
#include "swap.h"

/* Linux's seq_path: the name with the characters of esc as \ooo. */
static int seq_path(struct seq_file *m, const char *name, const char *esc)
{
	int len = 0;

	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		if (c && strchr(esc, c)) {
			seq_printf(m, "\\%03o", c);
			len += 4;
		} else {
			seq_putc(m, (char)c);
			len++;
		}
	}
	return len;
}

void swap_show(struct seq_file *m)
{
	unsigned int type;

	for (type = 0; type < nr_swapfiles; type++) {
		const struct swap_info_struct *p = &swap_info[type];
		int len;

		if (!(p->flags & SWP_USED) || !p->swap_map)
			continue;
		len = seq_path(m, p->swap_name, " \t\n\\");
		seq_printf(m, "%*s%s\t%u\t%u\t%d\n", len < 40 ? 40 - len : 1,
			   " ", "file\t", p->pages << (PAGE_SHIFT - 10),
			   p->inuse_pages << (PAGE_SHIFT - 10), p->prio);
	}
}

void si_swapinfo(unsigned long *totalswap, unsigned long *freeswap)
{
	unsigned long to_be_unused = 0;
	unsigned int type;

	/* an area being switched off left the totals but not the system */
	for (type = 0; type < nr_swapfiles; type++)
		if ((swap_info[type].flags & SWP_ACTIVE) == SWP_USED)
			to_be_unused += swap_info[type].inuse_pages;
	*totalswap = (unsigned long)total_swap_pages + to_be_unused;
	*freeswap = (unsigned long)nr_swap_pages + to_be_unused;
}

unsigned long swap_used_slots(void)
{
	unsigned long used = 0;
	unsigned int type;

	for (type = 0; type < nr_swapfiles; type++)
		if (swap_info[type].flags & SWP_USED)
			used += swap_info[type].inuse_pages;
	return used;
}

static unsigned long swapcache_pages(void)
{
	return total_swapcache_pages;
}

const struct proc_swap_ops swap_proc_ops = {
	.si_swapinfo = si_swapinfo,
	.swapcache_pages = swapcache_pages,
	.swaps_show = swap_show,
};

int vm_swap_full(void)
{
	return nr_swap_pages * 2 < total_swap_pages;
}
