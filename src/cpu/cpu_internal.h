/*
 * cpu_internal.h - private to src/cpu: the state of the one engine and the
 * calls between its parts (engine.c runs it, windows.c serves data through
 * MMIO, codepages.c maps code pages, trap.c turns interrupts into syscalls
 * and signals, gdt.c owns the descriptor tables, regs.c the registers).
 *
 * Two CPUs implement cpu.h (cpu.c dispatches through struct cpu_ops):
 * Unicorn (the ucpu_* functions of engine.c, regs.c and gdt.c), and the
 * trace CPU of trace_cpu.c, which replays a recorded run (record.h).
 * record.c is what a recording run adds to the Unicorn CPU's hooks.
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
#define CPU_MAX_DEFERRED 16		/* unmaps waiting for the block's end */
#define CPU_MAX_REFRESH	16		/* maps to make again, likewise */

struct range {
	uint32_t start, end;		/* [start, end), page aligned */
};

struct code_page {
	uint32_t vpn;
	uint32_t pfn;
	uint32_t prot;			/* UC_PROT_* it is mapped with */
	uint8_t *view;			/* its frame, seen through phys_fd */
	int fetch_mapped;		/* by a fetch's hook: see codepages.c */
};

/*
 * A process's CPU state. Unicorn keeps its own (uc: general, segment,
 * x87/SSE registers); the trace CPU has only the registers a trace holds.
 * Both keep the three TLS descriptors, which Linux also switches per
 * thread (load_TLS) because they live in the shared GDT.
 */
struct cpu_context {
	uc_context *uc;
	uint32_t regs[CPU_NR_REGS];
	int fresh;		/* never saved: restores as cpu_reset_regs */
	uint64_t tls[GDT_ENTRY_TLS_ENTRIES];
};

/* What each CPU implements; cpu.c's public functions call through it. */
struct cpu_ops {
	void (*destroy)(void);
	void (*set_mm)(struct mm_struct *mm);
	void (*mm_layout_changed)(void);
	int (*run)(uint64_t max_blocks, struct cpu_exit *ex);
	void (*request_stop)(void);
	uint32_t (*get_reg)(enum cpu_reg reg);
	int (*set_reg)(enum cpu_reg reg, uint32_t value);
	int (*set_tls_desc)(unsigned entry, uint32_t base, uint32_t limit,
			    uint32_t flags);
	uint64_t (*get_tls_desc)(unsigned entry);
	struct cpu_context *(*context_alloc)(void);
	void (*context_free)(struct cpu_context *ctx);
	void (*context_save)(struct cpu_context *ctx);
	void (*context_restore)(const struct cpu_context *ctx);
	void (*reset_regs)(void);
};

extern const struct cpu_ops unicorn_cpu_ops;
extern const struct cpu_ops trace_cpu_ops;

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
	/* the pages of the access a hook serves: their unmaps wait for
	 * the block's end (codepages.c: hook_invalid) */
	uint32_t access_first, access_last;
	int in_access;
	uint32_t deferred[CPU_MAX_DEFERRED];
	unsigned nr_deferred;
	int deferred_overflow;		/* more: unmap every page instead */
	uint32_t refresh[CPU_MAX_REFRESH];
	unsigned nr_refresh;
	uint32_t block_va, block_len;	/* the running block (hook_block) */
	/* hook_block stops before the next block runs (see run_once) */
	int stop_at_block;
	int tb_flush_pending;		/* tbcache.c: the cache is over budget */

	/* pages spanned by unmapped windows: their cost, ~48 ns each */
	uint64_t window_pages_unmapped;

};

extern struct cpu cpu0;

/* cpu.c: the syscall handler both CPUs call, and the counters */
extern cpu_syscall_fn cpu_syscall;
extern void *cpu_syscall_opaque;
extern struct cpu_stats cpu_stats;

/* The Unicorn CPU's entry points (engine.c, regs.c, gdt.c). */
int ucpu_init(struct mmu *mmu);
void ucpu_destroy(void);
void ucpu_set_mm(struct mm_struct *mm);
void ucpu_mm_layout_changed(void);
int ucpu_run(uint64_t max_blocks, struct cpu_exit *ex);
void ucpu_request_stop(void);
uint32_t ucpu_get_reg(enum cpu_reg reg);
int ucpu_set_reg(enum cpu_reg reg, uint32_t value);
int ucpu_set_tls_desc(unsigned entry, uint32_t base, uint32_t limit,
		      uint32_t flags);
uint64_t ucpu_get_tls_desc(unsigned entry);
struct cpu_context *ucpu_context_alloc(void);
void ucpu_context_free(struct cpu_context *ctx);
void ucpu_context_save(struct cpu_context *ctx);
void ucpu_context_restore(const struct cpu_context *ctx);
void ucpu_reset_regs(void);

/* engine.c */
void ucpu_stop(unsigned why);
void cpu_kill(int signal, uint32_t addr, uint32_t trapno);
int resolve(uint32_t va, enum access_kind kind, unsigned size, uint32_t *pa);

/* cpu.c: the CPU's doors into the MMU, shared by both CPUs */
int signal_for_fault(int vm_fault);
/* A data access (size bytes) or a fetch that found no mapped page:
 * translate, fault, retry. 0 with *pa, or the guest's signal; *result
 * (enum trace_result) is set only while recording or replaying. */
int cpu_access(uint32_t va, enum access_kind kind, unsigned size,
	       uint32_t *pa, unsigned *result);
/* A basic block's fetch through the iTLB: a lookup, no fault handling
 * (the page is mapped, so the iTLB holds it). translate's return. */
int cpu_fetch(uint32_t va, unsigned *result);
void cpu_use_trace_ops(void);

/* record.c: a recording run's events (record.h tells the whole story) */
void record_run(uint64_t budget);
void record_exit(const struct cpu_exit *ex);
void record_access(uint32_t va, enum access_kind kind, unsigned size,
		   unsigned result);
void record_syscall(void);
void record_uread(uint32_t va, const void *buf, uint32_t len);
void record_input(long result, const void *buf, uint32_t len);

/* gdt.c */
int gdt_setup(void);
int enter_user_mode(void);
/* Linux's LDT_empty and LDT_entry_a/b: set_thread_area's descriptor */
int user_desc_empty(uint32_t base, uint32_t limit, uint32_t flags);
uint64_t user_desc_to_desc(uint32_t base, uint32_t limit, uint32_t flags);

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
int codepages_apply_deferred(void);

/* tbcache.c */
int tbcache_init(void);
void tbcache_flush(void);

/* trap.c */
int trap_hooks_add(void);

#endif
