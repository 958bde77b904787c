/*
 * trace_encode.h - the byte encoding of trace records, private to
 * src/trace. The writer and the reader share it so the layout lives in
 * one place.
 *
 * Every record starts with a tag byte. A TR_ACCESS record, the one a live
 * run writes per memory access, packs everything but its address into
 * the tag so the common case is two or three bytes:
 *
 *   1 KK RRR SS   KK: 0 read, 1 write, 2 exec; RRR: enum trace_result;
 *                 SS: size 1, 2, 4, or 3 = one size byte follows (0..8)
 *   then the address as a zigzag LEB128 delta from the address of the
 *   previous access of the same kind (fetches run along the code while
 *   loads and stores go elsewhere; one base for all would break both).
 *
 * Any other record is the tag enum trace_rec_type (< 0x80) followed by
 * its fields as unsigned LEB128 varints (signal zigzag) and, for TR_UREAD
 * and TR_INPUT, len raw data bytes:
 *
 *   TR_RUN     pid budget          TR_HITS    n n2
 *   TR_VICTIM  n                   TR_SYSCALL regs[16]
 *   TR_UREAD   va len data         TR_INPUT   n len data
 *   TR_EXIT    n n2 signal va trapno regs[16]
 *   TR_END     count crc32 (4 bytes, little-endian)
 */
#ifndef I386MM_TRACE_ENCODE_H
#define I386MM_TRACE_ENCODE_H

#include <stdint.h>
#include "trace.h"

#define TAG_ACCESS	0x80u
#define TAG_KIND_SHIFT	5
#define TAG_RES_SHIFT	2
#define TAG_SIZE_ESC	3u

/* Room a record needs in a buffer, apart from its data bytes. */
#define TRACE_REC_MAX	(1 + 5 * 10 + 2 * TRACE_NR_REGS * 5 + 16)

#define TRACE_HDR_LEN	20u		/* magic, version, len, crc */
#define TRACE_CONFIG_MAX (32u << 20)	/* a header longer is corrupt */

static inline uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static inline uint32_t zigzag32(int32_t v)
{
	return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31);
}

static inline int32_t unzigzag32(uint32_t v)
{
	return (int32_t)((v >> 1) ^ (0u - (v & 1)));
}

/*
 * Decode one varint from [*pp, end): 0 with *v set, or -1 if the bytes
 * end first or it is longer than 64 bits (only corruption does that).
 */
static inline int get_varint(const uint8_t **pp, const uint8_t *end,
			     uint64_t *v)
{
	const uint8_t *p = *pp;
	uint64_t x = 0;
	unsigned shift;

	for (shift = 0; shift < 64; shift += 7) {
		if (p == end)
			return -1;
		uint8_t b = *p++;
		if (shift == 63 && b > 1)
			return -1;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*pp = p;
			*v = x;
			return 0;
		}
	}
	return -1;
}

static inline int get_varint32(const uint8_t **pp, const uint8_t *end,
			       uint32_t *v)
{
	uint64_t x;

	if (get_varint(pp, end, &x) || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* The config text (trace_config.c): malloc'd, *len set; NULL on ENOMEM. */
char *trace_config_format(const struct trace_config *c, size_t *len);
/* Check c is writable: 0, or -1 with the reason in err. */
int trace_config_check(const struct trace_config *c, char *err, size_t n);
/* Parse text into c (zeroed first): 0, or -1 with the reason in err. */
int trace_config_parse(struct trace_config *c, const char *text, size_t len,
		       char *err, size_t n);

/* The record stream's bytes inflated so far (`trace info`). */
uint64_t trace_inflated_bytes(const struct trace_reader *r);

#endif
