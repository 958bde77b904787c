/*
 * timekeeping.h - the machine's clocks. By default time is virtual and
 * deterministic: it advances with the basic blocks the CPU executes
 * (VCLOCK_NS_PER_BLOCK each) and with the guest's sleeps, and the wall
 * clock starts at VCLOCK_EPOCH, so the same run reads the same times.
 * In real-time mode (--real-time) the host's clocks answer instead.
 */
#ifndef I386MM_TIMEKEEPING_H
#define I386MM_TIMEKEEPING_H

#include <stdint.h>

#define NSEC_PER_SEC		1000000000ll
#define VCLOCK_NS_PER_BLOCK	10
#define VCLOCK_EPOCH		1767225600ll	/* 2026-01-01 00:00:00 UTC */

/* Linux clock ids. */
#define CLOCK_REALTIME_ID		0
#define CLOCK_MONOTONIC_ID		1
#define CLOCK_PROCESS_CPUTIME		2
#define CLOCK_THREAD_CPUTIME		3
#define CLOCK_MONOTONIC_RAW_ID		4
#define CLOCK_REALTIME_COARSE_ID	5
#define CLOCK_MONOTONIC_COARSE_ID	6
#define CLOCK_BOOTTIME_ID		7
#define CLOCK_REALTIME_ALARM_ID		8
#define CLOCK_BOOTTIME_ALARM_ID		9
#define CLOCK_TAI_ID			11

/* Back to time zero with nothing slept (boot, tests). */
void timekeeping_init(void);
void timekeeping_set_real_time(int on);
int timekeeping_real_time(void);

/* Nanoseconds since boot (monotonic). */
int64_t ktime_get_ns(void);
/* Clock id's time in ns: 0, or -EINVAL for an unknown clock. */
int clock_read_ns(int clock, int64_t *ns);
/* Clock id's resolution in ns, or -EINVAL. */
int clock_res_ns(int clock, int64_t *ns);
/* The guest sleeps ns: virtual time jumps ahead (host sleeps if real). */
void timekeeping_sleep(int64_t ns);

/*
 * Linux's KTIME_MAX and ktime_add_safe: a deadline or clock that would
 * pass the largest time stays there. A guest chooses every sleep and
 * alarm (up to 2^63 ns each), so no sum of times may overflow.
 */
#define KTIME_MAX		INT64_MAX
static inline int64_t ktime_add_safe(int64_t a, int64_t b)
{
	if (b > 0 && a > KTIME_MAX - b)
		return KTIME_MAX;
	return a + b;
}

#endif
