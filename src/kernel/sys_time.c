/*
 * sys_time.c - time(2), gettimeofday(2), clock_gettime/getres, nanosleep
 * and clock_nanosleep, in the 32-bit time_t forms and the time64 forms
 * (struct __kernel_timespec) that glibc 2.34+ calls first. The clocks
 * themselves are sys_timekeeping.c's.
 */
#include <errno.h>
#include <string.h>

#include "sched.h"
#include "syscalls.h"
#include "timekeeping.h"
#include "uaccess.h"

#define TIMER_ABSTIME	1

struct old_timespec32 { int32_t tv_sec, tv_nsec; };
struct __kernel_timespec { int64_t tv_sec, tv_nsec; };
struct old_timeval32 { int32_t tv_sec, tv_usec; };
struct timezone32 { int32_t tz_minuteswest, tz_dsttime; };

static int put_timespec32(int64_t ns, uint32_t uts)
{
	struct old_timespec32 ts = {
		(int32_t)(ns / NSEC_PER_SEC), (int32_t)(ns % NSEC_PER_SEC)
	};

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

static int put_timespec64(int64_t ns, uint32_t uts)
{
	struct __kernel_timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* A valid duration or time in ns, or -EFAULT / -EINVAL. */
static int64_t get_ns(int64_t sec, int64_t nsec, int *err)
{
	*err = 0;
	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC ||
	    sec > INT64_MAX / NSEC_PER_SEC - 1) {
		*err = -EINVAL;
		return 0;
	}
	return sec * NSEC_PER_SEC + nsec;
}

static int64_t get_timespec32(uint32_t uts, int *err)
{
	struct old_timespec32 ts;

	if (copy_from_user(&ts, uts, sizeof(ts))) {
		*err = -EFAULT;
		return 0;
	}
	return get_ns(ts.tv_sec, ts.tv_nsec, err);
}

static int64_t get_timespec64(uint32_t uts, int *err)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts))) {
		*err = -EFAULT;
		return 0;
	}
	/* a 32-bit kernel's tv_nsec is a long: the upper half is padding */
	return get_ns(ts.tv_sec, (int32_t)ts.tv_nsec, err);
}

SYSCALL_DEFINE1(time, uint32_t, tloc)
{
	int64_t ns;
	int32_t t;

	clock_read_ns(CLOCK_REALTIME_ID, &ns);
	t = (int32_t)(ns / NSEC_PER_SEC);
	if (tloc && put_user_u32((uint32_t)t, tloc))
		return -EFAULT;
	return t;
}

SYSCALL_DEFINE2(gettimeofday, uint32_t, utv, uint32_t, utz)
{
	struct timezone32 tz = { 0, 0 };
	struct old_timeval32 tv;
	int64_t ns;

	clock_read_ns(CLOCK_REALTIME_ID, &ns);
	tv.tv_sec = (int32_t)(ns / NSEC_PER_SEC);
	tv.tv_usec = (int32_t)(ns % NSEC_PER_SEC / 1000);
	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (utz && copy_to_user(utz, &tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(clock_gettime32, int, clock, uint32_t, uts)
{
	int64_t ns;
	int err = clock_read_ns(clock, &ns);

	return err ? err : put_timespec32(ns, uts);
}

SYSCALL_DEFINE2(clock_gettime, int, clock, uint32_t, uts)
{
	int64_t ns;
	int err = clock_read_ns(clock, &ns);

	return err ? err : put_timespec64(ns, uts);
}

SYSCALL_DEFINE2(clock_getres_time32, int, clock, uint32_t, uts)
{
	int64_t ns;
	int err = clock_res_ns(clock, &ns);

	if (err || !uts)
		return err;
	return put_timespec32(ns, uts);
}

SYSCALL_DEFINE2(clock_getres, int, clock, uint32_t, uts)
{
	int64_t ns;
	int err = clock_res_ns(clock, &ns);

	if (err || !uts)
		return err;
	return put_timespec64(ns, uts);
}

/* Sleep until (abs) or for ns on clock; never interrupted, so no rem. */
static long do_clock_nanosleep(int clock, int flags, int64_t ns)
{
	int64_t now;

	switch (clock) {
	case CLOCK_REALTIME_ID:
	case CLOCK_MONOTONIC_ID:
	case CLOCK_BOOTTIME_ID:
	case CLOCK_TAI_ID:
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	if (flags & TIMER_ABSTIME) {
		clock_read_ns(clock, &now);
		ns -= now;
	}
	return schedule_timeout(ns, "sleep");
}

SYSCALL_DEFINE2(nanosleep_time32, uint32_t, ureq, uint32_t, urem)
{
	int err;
	int64_t ns = get_timespec32(ureq, &err);

	(void)urem;
	return err ? err : do_clock_nanosleep(CLOCK_MONOTONIC_ID, 0, ns);
}

SYSCALL_DEFINE4(clock_nanosleep_time32, int, clock, int, flags,
		uint32_t, ureq, uint32_t, urem)
{
	int err;
	int64_t ns = get_timespec32(ureq, &err);

	(void)urem;
	return err ? err : do_clock_nanosleep(clock, flags, ns);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clock, int, flags, uint32_t, ureq,
		uint32_t, urem)
{
	int err;
	int64_t ns = get_timespec64(ureq, &err);

	(void)urem;
	return err ? err : do_clock_nanosleep(clock, flags, ns);
}
