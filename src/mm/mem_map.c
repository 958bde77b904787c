/*
 * mem_map.c - boot of emulated physical memory: the host buffer, mem_map[],
 * the node and its zones, zonelists, reserved frames, and the hand-over of
 * every other frame to the buddy allocator (free_all_bootmem).
 *
 * Layout of physical memory after boot, as on an i386 PC running Linux:
 *   frame 0                 BIOS data                        reserved
 *   frames 0xa0-0xff        ISA hole (VGA, BIOS ROM)         reserved
 *   frames 0x100-0x17f      kernel image: swapper_pg_dir,    reserved
 *                           the kernel's spare page table,
 *                           empty_zero_page, text and data
 *   then                    mem_map[] itself                 reserved
 *   the rest                free, in the buddy allocator
 *
 * The buffer is a memfd mapped shared, not anonymous memory, so that a
 * frame can be seen at a second host address (phys_fd): the CPU maps each
 * code page through such a view, and can move the view to another frame
 * without Unicorn noticing (src/cpu/codepages.c says why it must). A
 * host fork() shares it with the child instead of copying it.
 */
#define _GNU_SOURCE		/* memfd_create */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "gfp.h"
#include "mm.h"
#include "pgtable.h"
#include "slab.h"
#include "vmstat.h"



pg_data_t contig_page_data;
uint8_t *phys_base;
int phys_fd = -1;
struct page *mem_map;
unsigned long max_pfn, max_low_pfn, totalram_pages, reserved_pages;
unsigned long free_pages_boot;

static uint64_t phys_bytes;
static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

/* The first free frame after the kernel image and mem_map. */
static unsigned long memmap_end_pfn(void)
{
	unsigned long memmap_pages =
		PAGE_ALIGN((uint64_t)max_pfn * sizeof(struct page)) >> PAGE_SHIFT;
	return KERNEL_START_PFN + KERNEL_IMAGE_PAGES + memmap_pages;
}

static int pfn_is_reserved(unsigned long pfn, unsigned long first_free)
{
	if (pfn == 0)
		return 1;
	if (pfn >= ISA_HOLE_START_PFN && pfn < KERNEL_START_PFN)
		return 1;
	return pfn >= KERNEL_START_PFN && pfn < first_free;
}

static void init_zone(enum zone_type t, unsigned long start, unsigned long end)
{
	struct zone *z = &contig_page_data.node_zones[t];
	int o;

	memset(z, 0, sizeof(*z));
	z->name = zone_names[t];
	z->zone_pgdat = &contig_page_data;
	z->zone_start_pfn = start;
	z->spanned_pages = end > start ? end - start : 0;
	for (o = 0; o < MAX_ORDER; o++)
		INIT_LIST_HEAD(&z->free_area[o].free_list);
	INIT_LIST_HEAD(&z->active_list);
	INIT_LIST_HEAD(&z->inactive_list);
}

static void init_zones(void)
{
	unsigned long dma_end = max_pfn < MAX_DMA_PFN ? max_pfn : MAX_DMA_PFN;
	unsigned long low_end = max_low_pfn;

	init_zone(ZONE_DMA, 0, dma_end);
	init_zone(ZONE_NORMAL, dma_end, low_end > dma_end ? low_end : dma_end);
	init_zone(ZONE_HIGHMEM, low_end, max_pfn);
	contig_page_data.nr_zones = max_pfn > MAX_LOWMEM_PFN ? 3 :
				    max_pfn > MAX_DMA_PFN ? 2 : 1;
	contig_page_data.node_start_pfn = 0;
	contig_page_data.node_spanned_pages = max_pfn;
	contig_page_data.node_mem_map = mem_map;
	contig_page_data.node_id = 0;
}

static enum zone_type pfn_zone(unsigned long pfn)
{
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	return pfn < MAX_LOWMEM_PFN ? ZONE_NORMAL : ZONE_HIGHMEM;
}

/*
 * Zonelists (build_zonelists): a request whose highest allowed zone is t
 * tries t first and falls back to lower zones, never higher ones, so user
 * pages go HIGHMEM -> NORMAL -> DMA and kernel objects NORMAL -> DMA.
 */
static void build_zonelists(void)
{
	pg_data_t *pgdat = &contig_page_data;
	int t, j, n;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zonelist *zl = &pgdat->node_zonelists[t];

		n = 0;
		for (j = t; j >= 0; j--)
			if (populated_zone(&pgdat->node_zones[j]))
				zl->zones[n++] = &pgdat->node_zones[j];
		zl->zones[n] = NULL;
	}
}

/* Give every non-reserved frame to the buddy allocator, in pfn order. */
static void free_all_bootmem(unsigned long first_free)
{
	unsigned long pfn;

	for (pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->flags = (uint32_t)pfn_zone(pfn) << ZONES_SHIFT;
		page->_mapcount = -1;
		if (pfn_is_reserved(pfn, first_free)) {
			SetPageReserved(page);
			page->_count = 1;
			reserved_pages++;
			continue;
		}
		page_zone(page)->present_pages++;
		page->_count = 1;
		__free_pages(page, 0);
	}
	for (int t = 0; t < MAX_NR_ZONES; t++)
		contig_page_data.node_present_pages +=
			contig_page_data.node_zones[t].present_pages;
	totalram_pages = contig_page_data.node_present_pages;
}

int mem_init(uint64_t bytes)
{
	unsigned long first_free;
	void *buf;

	if (bytes < MEM_MIN_BYTES || bytes > MEM_MAX_BYTES || bytes % PAGE_SIZE)
		return -EINVAL;
	mem_exit();	/* a second boot replaces the first */
	phys_fd = memfd_create("i386mm-phys", MFD_CLOEXEC);
	if (phys_fd < 0)
		return -ENOMEM;
	buf = MAP_FAILED;
	if (!ftruncate(phys_fd, (off_t)bytes))
		buf = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_NORESERVE, phys_fd, 0);
	if (buf == MAP_FAILED) {
		close(phys_fd);
		phys_fd = -1;
		return -ENOMEM;
	}
	phys_base = buf;
	phys_bytes = bytes;
	max_pfn = (unsigned long)(bytes >> PAGE_SHIFT);
	max_low_pfn = max_pfn < MAX_LOWMEM_PFN ? max_pfn : MAX_LOWMEM_PFN;
	totalram_pages = reserved_pages = 0;
	memset(&contig_page_data, 0, sizeof(contig_page_data));

	mem_map = __va((uint32_t)(KERNEL_START_PFN + KERNEL_IMAGE_PAGES) << PAGE_SHIFT);
	first_free = memmap_end_pfn();
	init_zones();
	free_all_bootmem(first_free);
	build_zonelists();
	setup_per_zone_pages_min();
	setup_per_zone_lowmem_reserve();

	paging_init();
	zero_page_init();
	kmem_cache_init();
	mm_cache_init();
	free_pages_boot = nr_free_pages();
	vm_events_reset();	/* counters start once the machine is up */
	return 0;
}

void mem_exit(void)
{
	if (!phys_base)
		return;
	mm_cache_exit();
	kmem_cache_exit();
	paging_exit();
	munmap(phys_base, phys_bytes);
	close(phys_fd);
	phys_fd = -1;
	phys_base = NULL;
	mem_map = NULL;
	max_pfn = max_low_pfn = totalram_pages = reserved_pages = 0;
	free_pages_boot = 0;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
}
