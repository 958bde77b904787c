/*
 * hostile_work.h - the hostile guests' proof that the rest of the machine
 * is unaffected: once a hostile case is over, write 1 MiB and sum it. The
 * same checksum natively and under i386mm, whatever the case did.
 */
#ifndef HOSTILE_WORK_H
#define HOSTILE_WORK_H

#include <stdint.h>

static uint32_t work(void)
{
	static uint32_t buf[(1u << 20) / 4];
	uint32_t i, sum = 0;

	for (i = 0; i < sizeof(buf) / 4; i++)
		buf[i] = i * 2654435761u;
	for (i = 0; i < sizeof(buf) / 4; i++)
		sum = (sum << 5 | sum >> 27) ^ buf[i];
	return sum;
}

#endif
