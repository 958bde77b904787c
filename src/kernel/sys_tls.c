/*
 * sys_tls.c - set_thread_area and get_thread_area: the three GDT TLS
 * entries glibc points %gs at. entry_number -1 asks for the first free
 * entry, and the one chosen is written back to the caller's user_desc,
 * as Linux does. The descriptors live in the CPU (cpu_set_tls_desc) and
 * travel with the task's cpu_context.
 */
#include <errno.h>

#include "cpu.h"
#include "syscalls.h"
#include "uaccess.h"

/* Linux's struct user_desc: entry, base, limit, then the flag bits. */
struct user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t flags;
};

#define UD_FLAGS	0x7fu	/* seg_32bit .. useable; lm is 64-bit only */

SYSCALL_DEFINE1(set_thread_area, uint32_t, u_info)
{
	struct user_desc info;
	uint32_t idx;

	if (copy_from_user(&info, u_info, sizeof(info)))
		return -EFAULT;
	idx = info.entry_number;
	if (idx == (uint32_t)-1) {
		for (idx = GDT_ENTRY_TLS_MIN; idx <= GDT_ENTRY_TLS_MAX; idx++)
			if (!cpu_get_tls_desc(idx))
				break;
		if (idx > GDT_ENTRY_TLS_MAX)
			return -ESRCH;
		if (put_user_u32(idx, u_info))
			return -EFAULT;
	}
	if (idx < GDT_ENTRY_TLS_MIN || idx > GDT_ENTRY_TLS_MAX)
		return -EINVAL;
	return cpu_set_tls_desc(idx, info.base_addr, info.limit,
				info.flags & UD_FLAGS);
}

/* Linux's fill_user_desc: the fields back out of a raw descriptor. */
static void fill_user_desc(struct user_desc *info, unsigned idx,
			   uint64_t desc)
{
	uint32_t a = (uint32_t)desc, b = (uint32_t)(desc >> 32);
	uint32_t type = (b >> 8) & 0xf;

	info->entry_number = idx;
	info->base_addr = (a >> 16) | ((b & 0xff) << 16) | (b & 0xff000000u);
	info->limit = (a & 0xffff) | (b & 0xf0000u);
	/* seg_32bit, contents, read_exec_only, limit_in_pages,
	 * seg_not_present, useable */
	info->flags = ((b >> 22) & 1) | (((type >> 2) & 3) << 1) |
		      ((!((type >> 1) & 1)) << 3) | (((b >> 23) & 1) << 4) |
		      ((!((b >> 15) & 1)) << 5) | (((b >> 20) & 1) << 6);
}

SYSCALL_DEFINE1(get_thread_area, uint32_t, u_info)
{
	struct user_desc info;
	uint32_t idx;

	if (get_user_u32(&idx, u_info))
		return -EFAULT;
	if (idx < GDT_ENTRY_TLS_MIN || idx > GDT_ENTRY_TLS_MAX)
		return -EINVAL;
	fill_user_desc(&info, idx, cpu_get_tls_desc(idx));
	return copy_to_user(u_info, &info, sizeof(info)) ? -EFAULT : 0;
}
