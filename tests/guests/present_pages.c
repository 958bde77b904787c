/*
 * present_pages.c - MemTotal in kB for a given --mem, as Linux computes
 * it: totalram_pages (the present pages, every frame that bootmem did
 * not reserve) times 4. Run at configure time (try_run) by
 * tests/guests/CMakeLists.txt to give files_proc the figure that
 * /proc/meminfo must show, from the boot layout page.h documents and
 * nothing the emulator computes at run time:
 *   frame 0 (BIOS data), the ISA hole up to the kernel, the kernel image,
 *   then mem_map[], one struct page per frame, in whole pages.
 *
 *   present_pages BYTES      prints the kB; 2 on a bad argument
 */
#include <stdio.h>
#include <stdlib.h>
#include "page.h"

int main(int argc, char **argv)
{
	unsigned long long bytes, frames, memmap, reserved;
	char *end;

	if (argc != 2)
		return 2;
	bytes = strtoull(argv[1], &end, 10);
	if (*end || bytes < MEM_MIN_BYTES || bytes > MEM_MAX_BYTES ||
	    bytes % PAGE_SIZE)
		return 2;
	frames = bytes >> PAGE_SHIFT;
	memmap = PAGE_ALIGN(frames * sizeof(struct page)) >> PAGE_SHIFT;
	reserved = 1 + (KERNEL_START_PFN - ISA_HOLE_START_PFN) +
		   KERNEL_IMAGE_PAGES + memmap;
	printf("%llu\n", (frames - reserved) << (PAGE_SHIFT - 10));
	return 0;
}
