/*
 * vmstat.c - the event counters of /proc/vmstat, in one array so every
 * report (proc, --stats, --stats-json, replay) reads the same numbers.
 */
#include <string.h>
#include "vmstat.h"

uint64_t vm_events[NR_VM_EVENT_ITEMS];

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
#define VM_EVENT_NAME(n) #n,
	FOR_ALL_VM_EVENTS(VM_EVENT_NAME)
#undef VM_EVENT_NAME
};

void vm_events_reset(void)
{
	memset(vm_events, 0, sizeof(vm_events));
}
