/*
 * fuzz_swap_header.c - swapon of a file holding arbitrary bytes: the
 * swap header reader (read_swap_header) and the area it sets up.
 *
 * Input: a little-endian u16 N, then the file's bytes; the file is then
 * extended (sparse) to N pages if that is longer, so headers whose
 * last_page is far past the bytes given can still be accepted. A refusal
 * must be one line of error; an accepted area must hold exactly the
 * slots its header describes: every slot from 1 to last_page (at most
 * SWAP_MAX_PAGES - 1) free unless it is on the bad page list, and
 * get_swap_page must hand out each free slot exactly once. Then swapoff,
 * and every slot, frame and host descriptor is back.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "gfp.h"
#include "page.h"
#include "proc_fs.h"
#include "radix-tree.h"
#include "slab.h"
#include "swap.h"

static int booted, fds_boot;

static void boot(void)
{
	FUZZ_CHECK(mem_init(16ull << 20) == 0, "mem_init");
	radix_tree_init();
	proc_set_swap_ops(&swap_proc_ops);
	shrink_slab(~0ul, GFP_KERNEL);
	free_pages_boot = nr_free_pages();
	fuzz_dir();
	fds_boot = fuzz_nr_open_fds();
	booted = 1;
}

static void check_error(int ret, const char *err)
{
	FUZZ_CHECK(ret < 0, "ret %d", ret);
	FUZZ_CHECK(err[0] && !strchr(err, '\n'), "error \"%s\"", err);
}

/* The header's own view, to compare the area with. */
static void read_header(const char *path, struct swap_header_info *info,
			int accepted)
{
	char err[256] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	FUZZ_CHECK(fd >= 0, "open %s", path);
	ret = read_swap_header(fd, info, err, sizeof(err));
	close(fd);
	if (!accepted) {
		check_error(ret, err);
		return;
	}
	FUZZ_CHECK(ret == 0, "swapon accepted what read_swap_header "
		   "refuses: %s", err);
}

static int is_bad(const struct swap_header_info *info, uint32_t slot)
{
	uint32_t i;

	for (i = 0; i < info->nr_badpages; i++)
		if (info->badpages[i] == slot)
			return 1;
	return 0;
}

/* Every usable slot exactly once, then all of them back. */
static void check_area(int type, const struct swap_header_info *info)
{
	struct swap_info_struct *si = get_swap_info_struct((unsigned)type);
	uint32_t slot, usable = 0, got = 0;
	uint8_t *seen;
	swp_entry_t e;

	FUZZ_CHECK(si && si->max == info->max, "max %u, header %u",
		   si ? si->max : 0, info->max);
	for (slot = 1; slot < info->max; slot++)
		usable += !is_bad(info, slot);
	FUZZ_CHECK(si->pages == usable, "%u usable slots, header says %u",
		   si->pages, usable);
	FUZZ_CHECK(nr_swap_pages == (long)usable, "nr_swap_pages %ld",
		   nr_swap_pages);
	seen = calloc(info->max, 1);
	FUZZ_CHECK(seen, "calloc");
	while ((e = get_swap_page()).val) {
		slot = swp_offset(e);
		FUZZ_CHECK(swp_type(e) == (unsigned)type, "type %u",
			   swp_type(e));
		FUZZ_CHECK(slot > 0 && slot < info->max && !seen[slot] &&
			   !is_bad(info, slot), "slot %u handed out", slot);
		seen[slot] = 1;
		got++;
	}
	FUZZ_CHECK(got == usable, "%u slots handed out of %u", got, usable);
	for (slot = 1; slot < info->max; slot++)
		if (seen[slot])
			FUZZ_CHECK(swap_free(swp_entry((unsigned)type, slot))
				   == 0, "swap_free %u", slot);
	free(seen);
	FUZZ_CHECK(swap_used_slots() == 0, "%lu slots still used",
		   swap_used_slots());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct swap_header_info info;
	struct fuzz_in in = { data, size };
	uint16_t pages = fuzz_u16(&in);
	char err[256] = "";
	const char *path;
	int type, fd;

	if (!booted)
		boot();
	path = fuzz_write_file("swapfile", in.p, in.n);
	if ((uint64_t)pages * PAGE_SIZE > in.n) {
		fd = open(path, O_WRONLY | O_CLOEXEC);
		FUZZ_CHECK(fd >= 0 && ftruncate(fd, (off_t)pages * PAGE_SIZE)
			   == 0, "extend %s", path);
		close(fd);
	}
	type = do_swapon(path, -1, err, sizeof(err));
	read_header(path, &info, type >= 0);
	if (type < 0) {
		check_error(type, err);
	} else {
		check_area(type, &info);
		FUZZ_CHECK(do_swapoff((unsigned)type) == 0, "swapoff");
		FUZZ_CHECK(nr_swap_pages == 0 && total_swap_pages == 0,
			   "swap pages %ld/%ld after swapoff", nr_swap_pages,
			   total_swap_pages);
	}
	shrink_slab(~0ul, GFP_KERNEL);
	FUZZ_CHECK(nr_free_pages() == free_pages_boot, "%lu frames lost",
		   free_pages_boot - nr_free_pages());
	FUZZ_CHECK(fuzz_nr_open_fds() == fds_boot, "host fds %d, at boot %d",
		   fuzz_nr_open_fds(), fds_boot);
	return 0;
}
