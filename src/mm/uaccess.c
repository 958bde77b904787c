/*
 * uaccess.c - copy_{from,to}_user and friends for the current mm (see
 * include/uaccess.h). The kernel half of each page directory maps no
 * user page, so the kernel reaches user memory the way the i386 kernel
 * does: through the MMU with the current CR3, as a supervisor access.
 * With CR0.WP set a supervisor write to a read-only PTE faults, which is
 * what makes copy_to_user break copy-on-write sharing instead of
 * scribbling on a shared frame.
 */
#include <errno.h>
#include <string.h>

#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "uaccess.h"
#include "record.h"

/* A fault "fixed" this often without the access succeeding is a bug. */
#define UACCESS_FAULT_RETRIES	4

/*
 * The kernel address of user byte va, for an access of the given kind,
 * through the MMU; faults are served as the CPU's are. NULL means
 * -EFAULT: no mm, or a fault do_page_fault would signal for.
 */
static uint8_t *user_byte(uint32_t va, enum access_kind kind)
{
	uint32_t pa, error_code;
	int tries;

	if (!current_mmu || !current_mm)
		return NULL;
	for (tries = 0; tries < UACCESS_FAULT_RETRIES; tries++) {
		if (!translate(current_mmu, va, kind, 0, &pa, &error_code))
			return __va(pa);
		if (do_page_fault(current_mm, va, error_code) & VM_FAULT_ERROR)
			return NULL;
	}
	return NULL;
}

/* Bytes from va to the end of its page, at most n. */
static uint32_t chunk(uint32_t va, uint32_t n)
{
	uint32_t left = PAGE_SIZE - (va & ~PAGE_MASK);

	return n < left ? n : left;
}

uint32_t copy_from_user(void *to, uint32_t from, uint32_t n)
{
	uint8_t *dst = to;

	if (!access_ok(from, n))
		return n;
	while (n) {
		uint32_t c = chunk(from, n);
		uint8_t *src = user_byte(from, ACCESS_READ);

		if (!src)
			break;
		memcpy(dst, src, c);
		if (trace_mode != TRACE_OFF)
			trace_uread(from, dst, c);
		dst += c;
		from += c;
		n -= c;
	}
	return n;
}

uint32_t copy_to_user(uint32_t to, const void *from, uint32_t n)
{
	const uint8_t *src = from;

	if (!access_ok(to, n))
		return n;
	while (n) {
		uint32_t c = chunk(to, n);
		uint8_t *dst = user_byte(to, ACCESS_WRITE);

		if (!dst)
			break;
		memcpy(dst, src, c);
		src += c;
		to += c;
		n -= c;
	}
	return n;
}

uint32_t clear_user(uint32_t to, uint32_t n)
{
	if (!access_ok(to, n))
		return n;
	while (n) {
		uint32_t c = chunk(to, n);
		uint8_t *dst = user_byte(to, ACCESS_WRITE);

		if (!dst)
			break;
		memset(dst, 0, c);
		to += c;
		n -= c;
	}
	return n;
}

long strncpy_from_user(char *dst, uint32_t src, long count)
{
	long done = 0;

	if (count <= 0)
		return 0;
	while (done < count) {
		uint32_t c = chunk(src, (uint32_t)(count - done)), n;
		const uint8_t *p, *nul;

		if (!access_ok(src, 1))
			return -EFAULT;
		p = user_byte(src, ACCESS_READ);
		if (!p)
			return -EFAULT;
		nul = memchr(p, 0, c);
		n = nul ? (uint32_t)(nul - p) + 1 : c;
		memcpy(dst + done, p, n);
		/* a replay's bytes are the recorded ones, NUL and all */
		if (trace_mode != TRACE_OFF)
			n = trace_ustr(src, dst + done, n, c);
		if (!dst[done + n - 1])
			return done + n - 1;
		done += n;
		src += n;
	}
	return count;
}

int get_user_u32(uint32_t *val, uint32_t addr)
{
	uint32_t v;

	if (copy_from_user(&v, addr, sizeof(v)))
		return -EFAULT;
	*val = v;
	return 0;
}

int put_user_u32(uint32_t val, uint32_t addr)
{
	return copy_to_user(addr, &val, sizeof(val)) ? -EFAULT : 0;
}
