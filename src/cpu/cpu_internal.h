/*
 * cpu_internal.h - private to src/cpu: the state of the one engine and the
 * calls between its parts (engine.c runs it, windows.c serves data through
 * MMIO, codepages.c maps code pages, trap.c turns interrupts into syscalls
 * and signals, gdt.c owns the descriptor tables, regs.c the registers).
 */
#ifndef I386MM_CPU_INTERNAL_H
#define I386MM_CPU_INTERNAL_H

#include <stdint.h>
#include <unicorn/unicorn.h>
#include "cpu.h"
#include "mmu.h"

/*
 * The top 4 MiB of the linear space belong to the CPU itself: Unicorn's own
 * page directory marks them supervisor-only, so the CPU may read the GDT
 * there while loading a segment but a CPL-3 access raises #PF (which we
 * send through translate/do_page_fault like any kernel-half access).
 */
#define CPU_SYS_BASE	0xffc00000u
#define CPU_GDT_VA	CPU_SYS_BASE			/* page 0: GDT */
#define CPU_PD_VA	(CPU_SYS_BASE + 0x1000u)	/* page 1: Unicorn's PD */
#define CPU_TRAMP_VA	(CPU_SYS_BASE + 0x2000u)	/* page 2: iret stub */
#define CPU_SYS_PAGES	3
#define CPU_NEVER_PC	(CPU_SYS_BASE + 0x3000u)	/* uc_emu_start's until */
#define GDT_ENTRIES	32

/* Limits that keep Unicorn's region count small (see engine.c). */
#define CPU_MAX_HOLES	32		/* non-window ranges */
#define CPU_MAX_WINDOWS	64		/* then rebuilt from nothing */
#define WINDOW_CHUNK	0x00400000u	/* 4 MiB: windows next to holes */
#define WINDOW_RUN	0x10000000u	/* 256 MiB: longest window */
#define CPU_FAULT_RETRIES 8		/* fixed faults before giving up */

struct range {
	uint32_t start, end;		/* [start, end), page aligned */
};

struct code_page {
	uint32_t vpn;
	uint32_t pfn;
	uint32_t prot;			/* UC_PROT_* it is mapped with */
};

/* Why emulation stopped (bits): set by hooks before uc_emu_stop. */
#define STOP_SYSCALL	0x1u
#define STOP_SLICE	0x2u
#define STOP_FATAL	0x4u
#define STOP_RESYNC	0x8u	/* layout changed: rebuild, then resume */

struct cpu {
	uc_engine *uc;
	struct mmu *mmu;
	uint8_t *sys;			/* CPU_SYS_PAGES host pages */
	uint64_t *gdt;
	uc_context *pristine;		/* registers of a fresh process */

	/* data path: holes (exec ranges) and the windows around them */
	struct range holes[CPU_MAX_HOLES];
	struct range *windows;
	unsigned nr_holes, nr_windows;
	int layout_valid;

	/* code path: the mapped code pages, i.e. the iTLB's contents */
	struct code_page *pages;
	unsigned nr_pages, cap_pages;

	/* the current cpu_run */
	int running;
	unsigned stop;
	int signal;
	uint32_t fault_addr, trapno, fault_eip;
	int fix_eip;			/* write fault_eip back after stop */
	uint64_t budget, run_blocks;
	/* a fetch fault just entered this page in the iTLB: its block's
	 * fetch was that miss, not a hit (see hook_block) */
	uint32_t itlb_fill_vpn;
	int itlb_fill_pending;

	/* pages spanned by unmapped windows: their cost, ~48 ns each */
	uint64_t window_pages_unmapped;

	cpu_syscall_fn syscall;
	void *syscall_opaque;
	struct cpu_stats stats;
};

extern struct cpu cpu0;

/* engine.c */
void cpu_stop(unsigned why);
void cpu_kill(int signal, uint32_t addr, uint32_t trapno);
int resolve(uint32_t va, enum access_kind kind, uint32_t *pa);
int signal_for_fault(int vm_fault);

/* gdt.c */
int gdt_setup(void);
int enter_user_mode(void);

/* windows.c */
int layout_sync(void);
void layout_free(void);
int in_hole(uint32_t va);

/* codepages.c */
int codepage_hooks_add(void);
void codepage_evict(void *opaque, uint32_t vpn);
void codepages_outside_holes_unmap(void);
void codepages_unmap_all(void);
void codepages_free(void);

/* trap.c */
int trap_hooks_add(void);

#endif
