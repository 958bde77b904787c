/*
 * swap_internal.h - what the files of src/swap share and nobody else
 * needs: looking an entry up in its area or in the swap cache, host
 * file I/O and err-message formatting.
 */
#ifndef I386MM_SWAP_INTERNAL_H
#define I386MM_SWAP_INTERNAL_H

#include <stddef.h>
#include "swap.h"

/*
 * The area of entry if the entry names a slot of an area in use (type
 * used, 0 < offset < max) whose count is not 0 and not SWAP_MAP_BAD;
 * NULL otherwise (Linux's swap_info_get).
 */
struct swap_info_struct *swap_info_get(swp_entry_t entry);
/* Drop one count of a used slot; returns the count left (Linux's
 * swap_entry_free). */
unsigned int swap_entry_free(struct swap_info_struct *p, uint32_t offset);

/* The swap cache's page for entry, without taking a reference. */
struct page *swap_cache_find(swp_entry_t entry);

/*
 * Host file I/O that finishes what it starts (page_io.c): write all of
 * len at off (0 or -errno, -EIO if the file takes nothing); read all of
 * len, or less only at end of file (bytes read or -errno).
 */
int swap_write_full(int fd, const void *buf, size_t len, uint64_t off);
long swap_read_full(int fd, void *buf, size_t len, uint64_t off);

/* Drop the swap cache's pages whose slot of area type nobody else holds
 * (swapoff), or all of its pages (exit). */
void swap_cache_drop_area(unsigned int type, int all);

/* Format err (may be NULL), return ret. */
int swap_err(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
