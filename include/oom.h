/*
 * oom.h - the OOM killer (src/mm/oom_kill.c): when direct reclaim freed
 * nothing, pick the process whose death frees the most memory for the
 * least lost work (badness) and kill it, releasing its memory at once.
 */
#ifndef I386MM_OOM_H
#define I386MM_OOM_H

#include "gfp.h"

struct task_struct;

/*
 * Basic blocks per virtual CPU "tick" in badness: the CPU time divisor
 * is int_sqrt(utime_blocks / OOM_CPU_SCALE).
 */
#define OOM_CPU_SCALE	65536u

unsigned long int_sqrt(unsigned long x);
/* How good a victim p is (0: never); Linux 2.6's badness(). */
unsigned long badness(struct task_struct *p);
/* The victim: highest badness, the lowest pid among equals; or NULL. */
struct task_struct *select_bad_process(unsigned long *ppoints);
/*
 * reclaim_ops.out_of_memory: nonzero if a victim other than current was
 * killed and its memory released (alloc_pages retries); 0 if none, or
 * if current is the victim (its allocation fails: VM_FAULT_OOM).
 */
int out_of_memory(struct zonelist *zl, gfp_t gfp, unsigned int order);

#endif
