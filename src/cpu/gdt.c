/*
 * gdt.c - the descriptor tables the CPU itself reads: the GDT (kernel and
 * user flat segments, the three TLS entries of set_thread_area) and
 * Unicorn's own page directory, plus the one-time drop to CPL 3.
 *
 * Why Unicorn paging at all, when translation is ours: loading a segment
 * register (by uc_reg_write or by the guest's own `mov %ax,%gs`) makes the
 * CPU read the descriptor through Unicorn's memory, so the GDT must be
 * mapped there, yet a guest access to it must fault as any kernel-half
 * access does. Unicorn's paging gives exactly that distinction: an
 * identity map of 4 MiB pages, all user-accessible except the top one,
 * where the GDT lives. The CPU's descriptor reads are supervisor accesses
 * and pass; the guest, at CPL 3, takes #PF. (Unicorn maps identity after
 * its walk anyway, so only its U/S check matters here.)
 *
 * Why the iret: uc_reg_write cannot lower the privilege level (loading
 * SS at DPL 3 is refused while CPL is 0, and CPL comes from SS), so a
 * three-byte stub in the top page irets to CPL 3 once, at cpu_init.
 */
#include <errno.h>
#include <string.h>
#include "cpu_internal.h"
#include "pgtable.h"

#define DESC_TYPE_CODE	0xb	/* execute/read, accessed */
#define DESC_TYPE_DATA	0x3	/* read/write, accessed */

#define GDT_ENTRY_KERNEL_CS	12
#define GDT_ENTRY_KERNEL_DS	13
#define GDT_ENTRY_USER_CS	14
#define GDT_ENTRY_USER_DS	15
#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)

#define X86_EFLAGS_IF	0x200u
#define X86_EFLAGS_FIXED 0x2u

/* A flat 4 GiB segment: G=1, D=1, P=1, S=1. */
static uint64_t flat_desc(unsigned type, unsigned dpl)
{
	uint64_t d = 0xffffu;			/* limit 15:0 */

	d |= (uint64_t)type << 40;
	d |= 1ull << 44;			/* S: code or data */
	d |= (uint64_t)dpl << 45;
	d |= 1ull << 47;			/* P */
	d |= 0xfull << 48;			/* limit 19:16 */
	d |= 1ull << 54;			/* D/B: 32-bit */
	d |= 1ull << 55;			/* G: 4 KiB units */
	return d;
}

/* Unicorn's page directory: identity, 4 MiB pages, top one supervisor. */
static void unicorn_pd_setup(uint32_t *pd)
{
	unsigned i;

	for (i = 0; i < 1024; i++)
		pd[i] = (i << 22) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
			_PAGE_PSE;
	pd[1023] &= ~_PAGE_USER;
}

int gdt_setup(void)
{
	uint64_t *gdt = cpu0.gdt;
	uc_x86_mmr gdtr = { 0, CPU_GDT_VA, GDT_ENTRIES * 8 - 1, 0 };

	memset(gdt, 0, GDT_ENTRIES * 8);
	gdt[GDT_ENTRY_KERNEL_CS] = flat_desc(DESC_TYPE_CODE, 0);
	gdt[GDT_ENTRY_KERNEL_DS] = flat_desc(DESC_TYPE_DATA, 0);
	gdt[GDT_ENTRY_USER_CS] = flat_desc(DESC_TYPE_CODE, 3);
	gdt[GDT_ENTRY_USER_DS] = flat_desc(DESC_TYPE_DATA, 3);
	unicorn_pd_setup((uint32_t *)(cpu0.sys + (CPU_PD_VA - CPU_SYS_BASE)));
	if (uc_reg_write(cpu0.uc, UC_X86_REG_GDTR, &gdtr))
		return -EIO;
	return 0;
}

static int write_reg(int id, uint32_t v)
{
	return uc_reg_write(cpu0.uc, id, &v) ? -EIO : 0;
}

static int read_reg(int id, uint32_t *v)
{
	return uc_reg_read(cpu0.uc, id, v) ? -EIO : 0;
}

/* Paging on in Unicorn, after the iret: PSE for the 4 MiB pages, WP. */
static int unicorn_paging_on(void)
{
	uint32_t cr0, cr4;

	if (read_reg(UC_X86_REG_CR4, &cr4) || read_reg(UC_X86_REG_CR0, &cr0))
		return -EIO;
	if (write_reg(UC_X86_REG_CR3, CPU_PD_VA) ||
	    write_reg(UC_X86_REG_CR4, cr4 | X86_CR4_PSE) ||
	    write_reg(UC_X86_REG_CR0, cr0 | X86_CR0_PE | X86_CR0_WP |
		      X86_CR0_PG))
		return -EIO;
	return 0;
}

/*
 * From CPL 0 to CPL 3 by iret, as Linux leaves the kernel: the stub's
 * stack holds EIP, CS, EFLAGS, ESP, SS. EIP is the byte after the iret,
 * which is also the until address, so nothing more runs.
 */
int enter_user_mode(void)
{
	uint8_t *tramp = cpu0.sys + (CPU_TRAMP_VA - CPU_SYS_BASE);
	uint32_t *frame = (uint32_t *)(tramp + 0xf00);
	uint32_t cs = 0;	/* Unicorn writes only 16 bits of a selector */

	tramp[0] = 0xcf;			/* iret */
	frame[0] = CPU_TRAMP_VA + 1;
	frame[1] = __USER_CS;
	frame[2] = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	frame[3] = 0;
	frame[4] = __USER_DS;
	if (write_reg(UC_X86_REG_CS, __KERNEL_CS) ||
	    write_reg(UC_X86_REG_SS, __KERNEL_DS) ||
	    write_reg(UC_X86_REG_ESP, CPU_TRAMP_VA + 0xf00))
		return -EIO;
	if (uc_emu_start(cpu0.uc, CPU_TRAMP_VA, CPU_TRAMP_VA + 1, 0, 0))
		return -EIO;
	/* the stub's translated blocks must not outlive it */
	uc_ctl_remove_cache(cpu0.uc, CPU_TRAMP_VA, CPU_TRAMP_VA + 0x1000);
	if (read_reg(UC_X86_REG_CS, &cs) || (cs & 0xffff) != __USER_CS)
		return -EIO;
	if (unicorn_paging_on() ||
	    write_reg(UC_X86_REG_DS, __USER_DS) ||
	    write_reg(UC_X86_REG_ES, __USER_DS) ||
	    write_reg(UC_X86_REG_FS, 0) || write_reg(UC_X86_REG_GS, 0) ||
	    write_reg(UC_X86_REG_ESP, 0) || write_reg(UC_X86_REG_EIP, 0))
		return -EIO;
	return 0;
}

/* Linux's LDT_empty(): the user_desc that clears an entry. */
int user_desc_empty(uint32_t base, uint32_t limit, uint32_t flags)
{
	return base == 0 && limit == 0 && flags == 0x28;
}

/*
 * Linux's LDT_entry_a/b. flags bits: 0 seg_32bit, 1-2 contents,
 * 3 read_exec_only, 4 limit_in_pages, 5 seg_not_present, 6 useable.
 */
uint64_t user_desc_to_desc(uint32_t base, uint32_t limit,
				  uint32_t flags)
{
	uint32_t seg_32bit = flags & 1, contents = (flags >> 1) & 3;
	uint32_t read_exec_only = (flags >> 3) & 1;
	uint32_t limit_in_pages = (flags >> 4) & 1;
	uint32_t seg_not_present = (flags >> 5) & 1, useable = (flags >> 6) & 1;
	uint32_t a, b;

	a = ((base & 0xffff) << 16) | (limit & 0xffff);
	b = (base & 0xff000000u) | ((base & 0x00ff0000u) >> 16) |
	    (limit & 0xf0000u) | ((read_exec_only ^ 1) << 9) |
	    (contents << 10) | ((seg_not_present ^ 1) << 15) |
	    (seg_32bit << 22) | (limit_in_pages << 23) | (useable << 20) |
	    0x7000u;			/* S, DPL 3 */
	return ((uint64_t)b << 32) | a;
}

int ucpu_set_tls_desc(unsigned entry, uint32_t base, uint32_t limit,
		     uint32_t flags)
{
	if (!cpu0.uc || entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX)
		return -EINVAL;
	if (flags & ~0x7fu)
		return -EINVAL;
	if (user_desc_empty(base, limit, flags))
		cpu0.gdt[entry] = 0;
	else
		cpu0.gdt[entry] = user_desc_to_desc(base, limit, flags);
	return 0;
}

uint64_t ucpu_get_tls_desc(unsigned entry)
{
	if (!cpu0.uc || entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX)
		return 0;
	return cpu0.gdt[entry];
}
