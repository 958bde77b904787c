/*
 * thrash.c - the swap token against thrashing (Linux 2.6.9's
 * mm/thrash.c, the seed notes' "免死金牌"). When memory is overcommitted,
 * processes can steal each other's pages in turn and none gets work
 * done. A process that takes a major swap fault asks for the token;
 * while it holds it, reclaim treats its mapped pages as referenced
 * (page_referenced), so it keeps what it brings back and can finish.
 *
 * The token changes hands at most once per SWAP_TOKEN_CHECK_NS of
 * virtual time, and only if its holder did not fault in the last
 * interval (it no longer needs it) or has had it for longer than
 * SWAP_TOKEN_TIMEOUT_NS (then it may not have it back for as long).
 * Linux keeps recent_pagein and swap_token_time in every mm_struct; only
 * the holder and the last holder ever need them, so they live here.
 */
#include <string.h>
#include "timekeeping.h"
#include "vmscan.h"

struct mm_struct *swap_token_mm;
struct swap_token_stat swap_token_stat;

static int64_t swap_token_check;	/* no change of hands before this */
static int64_t swap_token_timeout;	/* the holder has had it enough */
static int holder_recent_pagein;	/* the holder faulted this interval */
static struct mm_struct *last_holder;	/* may not have it back before: */
static int64_t last_holder_eligible;

void swap_token_init(void)
{
	swap_token_mm = NULL;
	last_holder = NULL;
	swap_token_check = swap_token_timeout = last_holder_eligible = 0;
	holder_recent_pagein = 0;
	memset(&swap_token_stat, 0, sizeof(swap_token_stat));
}

void grab_swap_token(struct mm_struct *mm)
{
	int64_t now = ktime_get_ns();
	int timed_out;

	if (!mm)
		return;
	if (mm == swap_token_mm) {
		holder_recent_pagein = 1;
		return;
	}
	if (now < swap_token_check)
		return;
	if (mm == last_holder && now < last_holder_eligible)
		return;
	swap_token_check = now + SWAP_TOKEN_CHECK_NS;
	timed_out = now > swap_token_timeout;
	if (swap_token_mm && holder_recent_pagein && !timed_out) {
		holder_recent_pagein = 0;	/* fault again to keep it */
		return;
	}
	if (swap_token_mm) {
		last_holder = swap_token_mm;
		last_holder_eligible = timed_out ? now + SWAP_TOKEN_TIMEOUT_NS
						 : now;
	}
	swap_token_mm = mm;
	swap_token_timeout = now + SWAP_TOKEN_TIMEOUT_NS;
	holder_recent_pagein = 0;
	swap_token_stat.grabs++;
}

void put_swap_token(struct mm_struct *mm)
{
	if (mm == swap_token_mm) {
		swap_token_mm = NULL;
		swap_token_check = ktime_get_ns();
	}
	/* a new mm at the same address must not inherit the record */
	if (mm == last_holder)
		last_holder = NULL;
}
