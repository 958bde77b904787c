/*
 * sys_timekeeping.c - the clocks behind time(2), gettimeofday(2) and the
 * clock_* calls (see include/timekeeping.h). Virtual time is a pure
 * function of the work done: basic blocks executed by the CPU at
 * VCLOCK_NS_PER_BLOCK each, plus what the guest slept. So two runs of
 * the same program read the same times, and a guest that sleeps in a
 * loop still sees time pass although it burns no blocks.
 */
#include <errno.h>
#include <time.h>

#include "cpu.h"
#include "sched.h"
#include "timekeeping.h"

static int real_time;
static int64_t slept_ns;

void timekeeping_init(void)
{
	slept_ns = 0;
}

void timekeeping_set_real_time(int on)
{
	real_time = on != 0;
}

int timekeeping_real_time(void)
{
	return real_time;
}

static int64_t blocks_ns(uint64_t blocks)
{
	return (int64_t)blocks * VCLOCK_NS_PER_BLOCK;
}

int64_t ktime_get_ns(void)
{
	return ktime_add_safe(blocks_ns(cpu_get_stats()->blocks), slept_ns);
}

static int host_clock(int clock, int64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts))
		return -EINVAL;
	*ns = (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

/* The clock's host counterpart for real-time mode, or -1. */
static int host_clock_id(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME_ID:
	case CLOCK_REALTIME_COARSE_ID:
	case CLOCK_REALTIME_ALARM_ID:
	case CLOCK_TAI_ID:
		return CLOCK_REALTIME;
	case CLOCK_MONOTONIC_ID:
	case CLOCK_MONOTONIC_RAW_ID:
	case CLOCK_MONOTONIC_COARSE_ID:
	case CLOCK_BOOTTIME_ID:
	case CLOCK_BOOTTIME_ALARM_ID:
		return CLOCK_MONOTONIC;
	case CLOCK_PROCESS_CPUTIME:
	case CLOCK_THREAD_CPUTIME:
		return CLOCK_PROCESS_CPUTIME_ID;
	default:
		return -1;
	}
}

int clock_read_ns(int clock, int64_t *ns)
{
	int host = host_clock_id(clock);

	if (host < 0)
		return -EINVAL;
	if (real_time)
		return host_clock(host, ns);
	switch (host) {
	case CLOCK_REALTIME:
		*ns = ktime_add_safe(VCLOCK_EPOCH * NSEC_PER_SEC,
				     ktime_get_ns());
		break;
	case CLOCK_MONOTONIC:
		*ns = ktime_get_ns();
		break;
	default:	/* CPU time: the blocks this task ran */
		*ns = blocks_ns(current ? current->utime_blocks : 0);
		break;
	}
	return 0;
}

int clock_res_ns(int clock, int64_t *ns)
{
	if (host_clock_id(clock) < 0)
		return -EINVAL;
	/* the coarse clocks tick with jiffies (HZ 250), the others are
	 * high resolution, as Linux reports them */
	if (clock == CLOCK_REALTIME_COARSE_ID ||
	    clock == CLOCK_MONOTONIC_COARSE_ID)
		*ns = NSEC_PER_SEC / 250;
	else
		*ns = 1;
	return 0;
}

void timekeeping_sleep(int64_t ns)
{
	struct timespec ts;

	if (ns <= 0)
		return;
	if (!real_time) {
		slept_ns = ktime_add_safe(slept_ns, ns);
		return;
	}
	ts.tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts.tv_nsec = (long)(ns % NSEC_PER_SEC);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
