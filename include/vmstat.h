/*
 * vmstat.h - event counters, named as Linux's /proc/vmstat names them where
 * Linux has the counter, and by our own names otherwise (TLB, COW).
 * One table (FOR_ALL_VM_EVENTS) gives the enum and the names, so /proc,
 * --stats and --stats-json can never disagree.
 */
#ifndef I386MM_VMSTAT_H
#define I386MM_VMSTAT_H

#include <stdint.h>

#define FOR_ALL_VM_EVENTS(X) \
	X(pgpgin) X(pgpgout) X(pswpin) X(pswpout) \
	X(pgalloc_dma) X(pgalloc_normal) X(pgalloc_high) \
	X(pgfree) X(pgactivate) X(pgdeactivate) \
	X(pgfault) X(pgmajfault) \
	X(pgrefill_dma) X(pgrefill_normal) X(pgrefill_high) \
	X(pgsteal_kswapd) X(pgsteal_direct) \
	X(pgscan_kswapd) X(pgscan_direct) \
	X(pginodesteal) X(slabs_scanned) X(kswapd_inodesteal) \
	X(pageoutrun) X(allocstall) X(pgrotated) \
	X(oom_kill) \
	X(cow_faults) X(cow_reuse) X(cow_copy) \
	X(zero_page_faults) X(demand_zero_faults) X(file_faults) \
	X(stack_expansions)

enum vm_event_item {
#define VM_EVENT_ENUM(n) n,
	FOR_ALL_VM_EVENTS(VM_EVENT_ENUM)
#undef VM_EVENT_ENUM
	NR_VM_EVENT_ITEMS
};

extern uint64_t vm_events[NR_VM_EVENT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

static inline void count_vm_event(enum vm_event_item item)
{
	vm_events[item]++;
}

static inline void count_vm_events(enum vm_event_item item, uint64_t n)
{
	vm_events[item] += n;
}

void vm_events_reset(void);

#endif
