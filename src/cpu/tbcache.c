/*
 * tbcache.c - Unicorn's translation cache, flushed before it is full.
 *
 * Unicorn 2.0.1 writes the host code it translates into one 1 GiB
 * read-write-execute buffer, a size it cannot be told. Code it throws
 * away (a page unmapped, a store into translated code) keeps its room
 * until the buffer is full; then Unicorn flushes it from inside the
 * translator, and that flush crashed it: a JIT guest writing eight
 * million small functions (like hostile_wild's jit case, eight times
 * longer) died with a host SIGSEGV in page_collection_lock after 200 s,
 * three times out of three.
 *
 * So we flush first, between two runs of the engine, where nothing runs
 * from the buffer and no block is half translated: the same guest then
 * ran to its end (six flushes). Unicorn writes code from the start of the
 * buffer, so the pages it has touched mark how far it got. A tripwire
 * CPU_TB_MARGIN before the end tells when new code crosses it: mincore()
 * on its pages, every CPU_TB_CHECK translations (counted by a
 * UC_HOOK_EDGE_GENERATED hook, which runs only when a block is
 * translated, so running code costs nothing). When it trips, the next
 * block boundary stops emulation (hook_block), and run_once flushes
 * (UC_CTL_TB_FLUSH) and gives the buffer's pages back (MADV_DONTNEED),
 * which also resets the tripwire.
 *
 * Flushing earlier would not keep the host's memory lower: Unicorn's
 * flush zeroes the whole buffer (memset in tcg_region_assign), touching
 * all of it, so any flush costs a resident gigabyte for a moment. That
 * gigabyte is in the host-memory bound (include/kernel.h); between
 * flushes only the code translated since the last one is resident.
 *
 * The buffer is found in /proc/self/maps as the largest anonymous
 * read-write-execute mapping once the engine is up; the first
 * CPU_TB_KEEP bytes, where the prologue every block returns through
 * lives, are never given back.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "cpu_internal.h"

#define CPU_TB_MARGIN	(64u << 20)	/* room left when we flush */
#define CPU_TB_KEEP	(64u << 10)	/* the buffer's start: its prologue */
#define CPU_TB_WIRE	(64u << 10)	/* the tripwire's length */
/* a block's code is under 64 KiB (TCG's limit): 256 of them fit the margin */
#define CPU_TB_CHECK	256		/* translations between checks */
#define CPU_TB_MIN_BUF	(256ul << 20)	/* smaller rwx mappings are not it */

static struct {
	uint8_t *buf;			/* Unicorn's code buffer, or NULL */
	size_t size;
	unsigned translations;		/* since the last check */
	size_t wire;			/* the tripwire's offset */
} tbc;

/* The largest anonymous rwx mapping of this process: Unicorn's buffer. */
static void find_buffer(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], perms[8];
	unsigned long lo, hi, off, inode;
	unsigned maj, min;
	int n;

	tbc.buf = NULL;
	tbc.size = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		n = sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perms,
			   &off, &maj, &min, &inode);
		if (n != 7 || strcmp(perms, "rwxp") || inode ||
		    hi - lo < CPU_TB_MIN_BUF || hi - lo <= tbc.size)
			continue;
		tbc.buf = (uint8_t *)lo;
		tbc.size = hi - lo;
	}
	fclose(f);
	if (tbc.size < CPU_TB_MIN_BUF)
		tbc.buf = NULL;
	tbc.wire = tbc.size - CPU_TB_MARGIN;
}

/* Has new code reached the tripwire? */
static int wire_touched(void)
{
	unsigned char vec[CPU_TB_WIRE / 4096];
	unsigned i;

	if (mincore(tbc.buf + tbc.wire, CPU_TB_WIRE, vec))
		return 0;
	for (i = 0; i < sizeof(vec); i++)
		if (vec[i] & 1)
			return 1;
	return 0;
}

static void hook_translated(uc_engine *uc, uc_tb *cur, uc_tb *prev,
			    void *user)
{
	(void)uc;
	(void)cur;
	(void)prev;
	(void)user;
	if (++tbc.translations < CPU_TB_CHECK)
		return;
	tbc.translations = 0;
	if (wire_touched())
		cpu0.stop_at_block = cpu0.tb_flush_pending = 1;
}

int tbcache_init(void)
{
	uc_hook h;

	memset(&tbc, 0, sizeof(tbc));
	find_buffer();
	if (!tbc.buf)
		return 0;	/* another Unicorn: its own flush only */
	if (uc_hook_add(cpu0.uc, &h, UC_HOOK_EDGE_GENERATED, hook_translated,
			NULL, 1, 0))
		return -1;
	return 0;
}

/* Between runs: flush, and give the buffer's pages back. */
void tbcache_flush(void)
{
	cpu0.tb_flush_pending = 0;
	if (!tbc.buf)
		return;
	uc_ctl(cpu0.uc, UC_CTL_WRITE(UC_CTL_TB_FLUSH, 0));
	madvise(tbc.buf + CPU_TB_KEEP, tbc.size - CPU_TB_KEEP, MADV_DONTNEED);
	cpu_stats.tb_flushes++;
}
