/*
 * vmscan_policy.c - the reclaim policy: which pages the PFRA takes, so a
 * researcher can compare Linux's choice with two textbook ones on the
 * same kernel, the same workload and the same counters. The policy only
 * changes which page is the victim: how a page is freed (swap slot,
 * unmap, write-back, the mlock and no-swap refusals, kswapd, the
 * watermarks, the priorities) is the same code for all three.
 *
 * The exact rules. "Referenced" is what page_referenced returns: the A
 * bits of the PTEs mapping the page, PG_referenced (set by
 * mark_page_accessed), a VM_LOCKED mapping, the swap token; looking
 * clears the A bits and PG_referenced under every policy, so they keep
 * meaning "used since reclaim last looked".
 *
 * linux (default) - Linux 2.6's PFRA, exactly as vmscan.c and swap.c
 *   describe it: anonymous pages join the active list, page-cache pages
 *   the inactive one; mark_page_accessed's second use activates; the
 *   refill (shrink_active_list) deactivates what was not referenced,
 *   mapped pages only when the swap tendency allows; shrink_page_list
 *   activates a referenced mapped page and keeps a referenced dirty one;
 *   the first priorities (the harmless band) take only clean unmapped
 *   pages.
 *
 * fifo - one list (the zone's inactive list), in order of arrival: every
 *   page joins its head when it comes into use (a page read back from
 *   swap arrives anew) and reclaim takes from its tail. Nothing moves a
 *   page: mark_page_accessed only sets PG_referenced, no page is
 *   activated, shrink_page_list ignores what page_referenced found.
 *   No harmless band: the oldest page goes first, whatever it costs.
 *
 * clock - the same one list, swept from its tail as a clock hand: a page
 *   page_referenced finds referenced (its bits now cleared) goes to the
 *   list's head, its second chance, counted in pgrotated; any other page
 *   is reclaimed. mark_page_accessed only sets PG_referenced. No active
 *   list, no harmless band.
 *
 * With no active list there is no refill, so vm_swappiness (the swap
 * tendency) means nothing to fifo and clock: mapped and unmapped,
 * anonymous and file pages are taken alike.
 *
 * Under fifo and clock a page reclaim cannot free (mlocked, no swap
 * slot, a failed write, a reference held elsewhere) goes back to the
 * list's head, where Linux would activate it: it stays a candidate for
 * as long as it is on the list. A page in a VM_LOCKED mapping is always
 * referenced, so clock rotates it at every sweep; fifo gives an
 * anonymous one a swap slot before try_to_unmap refuses it (as Linux
 * does with a page whose A bit was set meanwhile), and the slot stays
 * with the page, unwritten, until the page is freed.
 *
 * The counters keep their meanings: pgactivate, pgdeactivate and
 * pgrefill_* stay 0 under fifo and clock; pgrotated counts clock's
 * second chances and stays 0 under linux and fifo (Linux's own
 * rotation, after an asynchronous write-back, has no place here: writes
 * are synchronous); /proc/meminfo shows every page inactive under both.
 */
#include <errno.h>
#include <string.h>
#include "gfp.h"
#include "vmscan.h"
#include "vmscan_internal.h"

static const struct pfra_policy pfra_policies[NR_RECLAIM_POLICIES] = {
	[RECLAIM_LINUX] = {
		.name = "linux",
		.active_list = 1,
		.harmless_band = 1,
		.referenced = REFERENCED_ACTIVATE,
	},
	[RECLAIM_FIFO] = {
		.name = "fifo",
		.referenced = REFERENCED_IGNORED,
	},
	[RECLAIM_CLOCK] = {
		.name = "clock",
		.referenced = REFERENCED_ROTATE,
	},
};

const char reclaim_policy_names[] = "linux, fifo, clock";

const struct pfra_policy *pfra_policy = &pfra_policies[RECLAIM_LINUX];

void reclaim_policy_init(void)
{
	pfra_policy = &pfra_policies[RECLAIM_LINUX];
}

int reclaim_policy_lookup(const char *name)
{
	int i;

	for (i = 0; i < NR_RECLAIM_POLICIES; i++)
		if (name && !strcmp(name, pfra_policies[i].name))
			return i;
	return -EINVAL;
}

/* Any page on any zone's lists. */
static int lru_in_use(void)
{
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &contig_page_data.node_zones[i];

		if (z->nr_active || z->nr_inactive)
			return 1;
	}
	return 0;
}

int reclaim_policy_set(const char *name)
{
	int i = reclaim_policy_lookup(name);

	if (i < 0)
		return i;
	if (pfra_policy == &pfra_policies[i])
		return 0;
	if (lru_in_use())
		return -EBUSY;
	pfra_policy = &pfra_policies[i];
	return 0;
}

const char *reclaim_policy_name(void)
{
	return pfra_policy->name;
}

enum reclaim_policy reclaim_policy_get(void)
{
	return (enum reclaim_policy)(pfra_policy - pfra_policies);
}
