/*
 * sys_random.c - getrandom(2) without entropy: the bytes are a
 * splitmix64 stream started from a settable 64-bit seed (--seed), so a
 * run is reproducible and two seeds give different runs. The stream
 * continues across calls, as a real pool's output does.
 */
#include <errno.h>

#include "syscalls.h"
#include "uaccess.h"

#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2
#define GRND_INSECURE	0x4
#define GETRANDOM_MAX	0x1ffffffu	/* Linux: at most 32 MiB - 1 per call */

static uint64_t state;

void syscall_set_seed(uint64_t seed)
{
	state = seed;
}

static uint64_t splitmix64(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

SYSCALL_DEFINE3(getrandom, uint32_t, ubuf, uint32_t, count, uint32_t, flags)
{
	uint8_t buf[256];
	uint32_t done = 0, i, n;

	if (flags & ~(uint32_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) ==
	    (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (count > GETRANDOM_MAX)
		count = GETRANDOM_MAX;
	if (!access_ok(ubuf, count))
		return -EFAULT;
	while (done < count) {
		n = count - done < sizeof(buf) ? count - done : sizeof(buf);
		for (i = 0; i < n; i += 8) {
			uint64_t r = splitmix64();
			uint32_t k;

			for (k = 0; k < 8 && i + k < n; k++)
				buf[i + k] = (uint8_t)(r >> (8 * k));
		}
		if (copy_to_user(ubuf + done, buf, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}
