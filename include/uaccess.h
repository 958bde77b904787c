/*
 * uaccess.h - the kernel's access to user memory of the current mm, as
 * Linux's asm/uaccess.h: access_ok checks the range lies below TASK_SIZE
 * without wrapping; the copy then goes through the MMU as a supervisor
 * access (CR0.WP set, so a write to a copy-on-write page faults), page by
 * page, and a fault is served by do_page_fault like the CPU's own. What
 * the fault handler cannot fix ends the copy: the system call returns
 * -EFAULT, the task gets no signal. Every access is a dTLB lookup, so a
 * system call's memory traffic shows in the TLB counters as on hardware.
 */
#ifndef I386MM_UACCESS_H
#define I386MM_UACCESS_H

#include <stdint.h>
#include "pgtable.h"

/* [addr, addr + size) lies in user space; size 0 is always fine. */
static inline int access_ok(uint32_t addr, uint32_t size)
{
	return size <= TASK_SIZE && addr <= TASK_SIZE - size;
}

/* Both return the number of bytes NOT copied: 0 on success. */
uint32_t copy_from_user(void *to, uint32_t from, uint32_t n);
uint32_t copy_to_user(uint32_t to, const void *from, uint32_t n);
/* Zero n user bytes; bytes not cleared. */
uint32_t clear_user(uint32_t to, uint32_t n);

/*
 * Copy a NUL-terminated string of at most count bytes, NUL included if
 * it fits: returns its length (without the NUL), count if no NUL came
 * within count bytes (dst then holds count bytes, unterminated), or
 * -EFAULT.
 */
long strncpy_from_user(char *dst, uint32_t src, long count);

/* One aligned or unaligned 32-bit word: 0 or -EFAULT. */
int get_user_u32(uint32_t *val, uint32_t addr);
int put_user_u32(uint32_t val, uint32_t addr);

#endif
