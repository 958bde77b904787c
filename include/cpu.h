/*
 * cpu.h - the one CPU of the machine: Unicorn 2.0.1 running guest code in
 * 32-bit protected mode at CPL 3, with every guest address translated by
 * our MMU (include/mmu.h) and every fault served by do_page_fault().
 *
 * There is one engine for all processes (see src/cpu/engine.c for the
 * measurements behind that choice). A process is, for the CPU, an mm (the
 * address space, loaded with cpu_set_mm) plus a struct cpu_context
 * (registers and TLS descriptors, swapped by the scheduler).
 *
 * Typical use by the kernel:
 *	cpu_init(mmu);				once, after mmu_init
 *	cpu_set_syscall_handler(fn, opaque);
 *	cpu_set_mm(mm); cpu_set_reg(CPU_EIP, entry); cpu_set_reg(CPU_ESP, sp);
 *	cpu_run(quantum, &ex);			until ex.reason says why
 *	cpu_destroy();
 */
#ifndef I386MM_CPU_H
#define I386MM_CPU_H

#include <stdint.h>

struct mmu;
struct mm_struct;

/* Guest-visible segment selectors, Linux 2.6 i386 GDT layout. */
#define GDT_ENTRY_TLS_MIN	6
#define GDT_ENTRY_TLS_ENTRIES	3
#define GDT_ENTRY_TLS_MAX	(GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES - 1)
#define __USER_CS		0x73	/* GDT entry 14, RPL 3 */
#define __USER_DS		0x7b	/* GDT entry 15, RPL 3 */

enum cpu_reg {
	CPU_EAX, CPU_ECX, CPU_EDX, CPU_EBX, CPU_ESP, CPU_EBP, CPU_ESI,
	CPU_EDI, CPU_EIP, CPU_EFLAGS,
	CPU_CS, CPU_SS, CPU_DS, CPU_ES, CPU_FS, CPU_GS,
	CPU_NR_REGS
};

/* Why cpu_run returned. */
enum cpu_exit_reason {
	CPU_EXIT_SYSCALL,	/* the syscall handler (or cpu_request_stop) asked */
	CPU_EXIT_SLICE,		/* the block budget is used up */
	CPU_EXIT_SIGNAL,	/* a fatal signal: ex.signal, ex.fault_addr */
};

struct cpu_exit {
	enum cpu_exit_reason reason;
	int signal;		/* CPU_EXIT_SIGNAL: SIGSEGV, SIGBUS, SIGKILL... */
	uint32_t fault_addr;	/* the address of a memory fault, else 0 */
	uint32_t trapno;	/* the exception vector, or 14 for #PF */
	uint64_t blocks;	/* basic blocks run by this call */
};

/* What the syscall handler returns. */
#define CPU_SYSCALL_CONTINUE	0
#define CPU_SYSCALL_STOP	1	/* exit, block, exec...: leave cpu_run */

/*
 * Called for int 0x80 with EIP already past the instruction. It reads the
 * arguments and writes the result with cpu_get_reg/cpu_set_reg; it may set
 * EIP/ESP (execve, sigreturn) and call cpu_set_mm.
 */
typedef int (*cpu_syscall_fn)(void *opaque);

struct cpu_stats {
	uint64_t blocks;		/* basic blocks executed */
	uint64_t code_pages_mapped;	/* RAM pages mapped for the iTLB set */
	uint64_t code_pages_unmapped;
	uint64_t code_pages_moved;	/* given a new frame in place (COW) */
	uint64_t window_rebuilds;	/* layout syncs that changed windows */
	uint64_t windows_mapped, windows_unmapped;
	uint64_t data_reads, data_writes;	/* MMIO window callbacks */
	uint64_t syscalls;		/* int 0x80 */
	uint64_t emu_starts;		/* uc_emu_start calls */
	uint64_t tb_flushes;		/* translation cache flushes */
	uint64_t requests;		/* accesses sent to the MMU */
};

/*
 * Open the engine and enter CPL 3. mmu must be current_mmu: the CPU
 * registers its itlb_evict callback there. 0, or -ENOMEM / -EIO (Unicorn
 * refused; nothing stays allocated), -EBUSY if already initialised.
 */
int cpu_init(struct mmu *mmu);
void cpu_destroy(void);

void cpu_set_syscall_handler(cpu_syscall_fn fn, void *opaque);

/*
 * Load mm's address space (switch_mm: CR3 write, iTLB flush, so every
 * code page is unmapped); the data windows follow at the next cpu_run.
 */
void cpu_set_mm(struct mm_struct *mm);
/*
 * The executable mappings of the current mm changed (mmap, munmap,
 * mprotect of VM_EXEC, exec, stack growth of an exec stack). The windows
 * are rebuilt before the guest runs on; inside a syscall this ends the
 * current uc_emu_start so no stale window is used. (cpu_run also checks
 * the layout itself, so a missed call costs time, not correctness.)
 */
void cpu_mm_layout_changed(void);

/*
 * Run the current mm from the current EIP for at most max_blocks basic
 * blocks. Returns 0 with *ex filled, or -EINVAL with no mm loaded or
 * max_blocks 0.
 */
int cpu_run(uint64_t max_blocks, struct cpu_exit *ex);
/* Make cpu_run return CPU_EXIT_SYSCALL at the next block boundary. */
void cpu_request_stop(void);

uint32_t cpu_get_reg(enum cpu_reg reg);
/*
 * Segment registers load their descriptor from the GDT, as mov does:
 * -EINVAL for a selector the CPU would refuse. 0 otherwise.
 */
int cpu_set_reg(enum cpu_reg reg, uint32_t value);

/*
 * set_thread_area: GDT entry (GDT_ENTRY_TLS_MIN..MAX) from the fields of
 * Linux's struct user_desc; flags is its fourth word (seg_32bit,
 * contents:2, read_exec_only, limit_in_pages, seg_not_present, useable).
 * An "empty" user_desc clears the entry. 0 or -EINVAL.
 */
int cpu_set_tls_desc(unsigned entry, uint32_t base, uint32_t limit,
		     uint32_t flags);
/* The raw 8-byte descriptor of a TLS entry (0 when free), or 0. */
uint64_t cpu_get_tls_desc(unsigned entry);

/* A process's CPU state: general, segment, x87/SSE registers and TLS. */
struct cpu_context;
struct cpu_context *cpu_context_alloc(void);	/* fresh: as after exec */
void cpu_context_free(struct cpu_context *ctx);
void cpu_context_save(struct cpu_context *ctx);
void cpu_context_restore(const struct cpu_context *ctx);
/* Registers as a new program starts: zero, flat user segments, IF set. */
void cpu_reset_regs(void);

const struct cpu_stats *cpu_get_stats(void);

#endif
