/*
 * engine.c - the one Unicorn engine: opening it, running the current
 * process for a budget of basic blocks, and the fault plumbing every hook
 * shares (resolve: translate, do_page_fault, retry; kill: stop with a
 * signal).
 *
 * One engine for all processes, not one per process. Measured on this
 * machine's libunicorn 2.0.1 (scratch programs, 2 cores, shared):
 *   uc_open + map + first run     5.9 ms and 2955 KiB RSS per engine
 *   uc_context_save + restore     0.14 us (5544-byte context)
 *   uc_emu_start round trip       2.3 us
 *   map + unmap one code page     10.3 us with 2 windows, 19.2 us with
 *                                 64, 31.2 us with 128 regions
 *   map one MMIO window           17-24 us, whatever its size
 *   unmap one MMIO window         ~48 ns per page it spans: 15 us for
 *                                 1 MiB, 3.2 ms for 256 MiB, 37.9 ms for
 *                                 3 GiB (Unicorn flushes page by page)
 * An engine per process would cost 5.9 ms and 2.9 MiB at every fork (a
 * fork bomb of 1000 processes: 2.9 GiB of host memory and 6 s) and would
 * not save the code-page work: a context switch reloads CR3, which
 * flushes the iTLB, whose contents are the mapped code pages, in either
 * design. With one engine a switch costs a context save/restore (0.14 us),
 * unmapping at most the iTLB's worth of code pages (32 by default, about
 * 5 us each), and only the windows that overlap the new layout's holes
 * (see windows.c). Measured with this engine, a context switch plus a
 * two-instruction run (code page fault, map, translate, exit syscall):
 * 28 us between two processes with the same layout (fork), 54 us when
 * their text is 1 MiB apart, 109 us when it is 1 GiB apart (6.5 ms before
 * windows were kept across layouts). So one engine, with contexts swapped
 * by the scheduler. For scale: a loop of one MMIO load and one MMIO store
 * runs at 65 ns per iteration.
 *
 * Time slices count basic blocks in a UC_HOOK_BLOCK hook (almost free),
 * not with uc_emu_start's count argument (3-5x slower). A stop asked
 * from the block hook keeps that block from running (measured), so the
 * hook of block N+1 asks, and a budget of N runs exactly N blocks; the
 * next cpu_run starts with the block that was held back.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_internal.h"
#include "mm.h"
#include "page.h"

struct cpu cpu0;

/*
 * Not cpu_stop: libunicorn.so exports a cpu_stop of its own, and one
 * defined here took its place inside Unicorn (tests/cli/symbols.cmake).
 */
void ucpu_stop(unsigned why)
{
	cpu0.stop |= why;
	if (cpu0.running)
		uc_emu_stop(cpu0.uc);
}

/*
 * The first fatal event wins; the rest of a dying block is ignored.
 * Unicorn leaves at once with EIP at the start of the block, so the EIP
 * of the faulting instruction, read here, is written back after the stop.
 */
void cpu_kill(int signal, uint32_t addr, uint32_t trapno)
{
	if (cpu0.stop & STOP_FATAL)
		return;
	if (cpu0.running && !cpu0.fix_eip) {
		cpu0.fault_eip = ucpu_get_reg(CPU_EIP);
		cpu0.fix_eip = 1;
	}
	cpu0.signal = signal;
	cpu0.fault_addr = addr;
	cpu0.trapno = trapno;
	ucpu_stop(STOP_FATAL);
}

/*
 * A CPL-3 access of the running guest (cpu_access), which is killed with
 * the signal a fault it cannot survive earns. 0 with *pa, or -1 (the
 * guest is being stopped).
 */
int resolve(uint32_t va, enum access_kind kind, unsigned size, uint32_t *pa)
{
	unsigned result;
	int sig = cpu_access(va, kind, size, pa, &result);

	if (sig) {
		cpu_kill(sig, va, 14);
		return -1;
	}
	return 0;
}

/*
 * Code runs straight from mapped pages, so the iTLB never sees a hit on
 * its own. Each basic block counts as one instruction fetch through it:
 * a lookup that hits and refreshes the entry's LRU stamp, so iTLB hits
 * and the choice of victim follow the code the guest really runs. The
 * first run of a block whose page a fetch fault just filled was that
 * miss. (A block that runs on into a second mapped page is one lookup.)
 */
static void itlb_fetch(uint32_t va)
{
	unsigned result;

	if (cpu0.itlb_fill_pending && cpu0.itlb_fill_vpn == va >> PAGE_SHIFT) {
		cpu0.itlb_fill_pending = 0;
		return;
	}
	cpu0.itlb_fill_pending = 0;
	cpu_fetch(va, &result);
}

static void hook_block(uc_engine *uc, uint64_t address, uint32_t size,
		       void *user)
{
	(void)uc;
	(void)size;
	(void)user;
	/* this block runs on the next call, after the stop */
	if (cpu0.stop_at_block) {
		ucpu_stop(STOP_RESYNC);
		return;
	}
	if (cpu0.run_blocks >= cpu0.budget) {
		ucpu_stop(STOP_SLICE);
		return;
	}
	cpu0.run_blocks++;
	cpu_stats.blocks++;
	cpu0.block_va = (uint32_t)address;
	cpu0.block_len = size ? size : 1;
	itlb_fetch((uint32_t)address);
}

/*
 * Never called (its range is never accessed): its presence is what
 * matters. Unicorn 2.0.1 stores EIP only at the start of a block; with a
 * UC_HOOK_MEM_READ and UC_HOOK_MEM_WRITE hook installed it stores EIP
 * before each load and store too (measured), so a hook or MMIO callback
 * that kills the guest reads the EIP of the faulting instruction. It
 * costs 3-6% on data-heavy guests (malloc_sizes, bigdata: Release, best
 * of 9, with and without it) and makes translated code larger.
 */
static void hook_sync_pc(uc_engine *uc, uc_mem_type type, uint64_t address,
			 int size, int64_t value, void *user)
{
	(void)uc;
	(void)type;
	(void)address;
	(void)size;
	(void)value;
	(void)user;
}

static void cpu_cleanup(void)
{
	if (cpu0.mmu && cpu0.mmu->itlb_evict == codepage_evict)
		cpu0.mmu->itlb_evict = NULL;
	if (cpu0.uc) {
		codepages_free();
		layout_free();
		if (cpu0.pristine)
			uc_context_free(cpu0.pristine);
		uc_close(cpu0.uc);
	}
	free(cpu0.sys);
	memset(&cpu0, 0, sizeof(cpu0));
}

static int cpu_open(void)
{
	uc_hook h;

	if (uc_open(UC_ARCH_X86, UC_MODE_32, &cpu0.uc)) {
		cpu0.uc = NULL;
		return -EIO;
	}
	if (uc_mem_map_ptr(cpu0.uc, CPU_SYS_BASE, CPU_SYS_PAGES * PAGE_SIZE,
			   UC_PROT_ALL, cpu0.sys))
		return -EIO;
	if (gdt_setup() || enter_user_mode())
		return -EIO;
	if (uc_context_alloc(cpu0.uc, &cpu0.pristine)) {
		cpu0.pristine = NULL;
		return -ENOMEM;
	}
	uc_context_save(cpu0.uc, cpu0.pristine);
	if (uc_hook_add(cpu0.uc, &h, UC_HOOK_BLOCK, hook_block, NULL, 1, 0) ||
	    uc_hook_add(cpu0.uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
			hook_sync_pc, NULL, CPU_NEVER_PC, CPU_NEVER_PC) ||
	    trap_hooks_add() || codepage_hooks_add() || tbcache_init())
		return -EIO;
	return 0;
}

int ucpu_init(struct mmu *mmu)
{
	int err;

	if (cpu0.uc)
		return -EBUSY;
	if (!mmu)
		return -EINVAL;
	memset(&cpu0, 0, sizeof(cpu0));
	cpu0.sys = aligned_alloc(PAGE_SIZE, CPU_SYS_PAGES * PAGE_SIZE);
	if (!cpu0.sys)
		return -ENOMEM;
	memset(cpu0.sys, 0, CPU_SYS_PAGES * PAGE_SIZE);
	cpu0.gdt = (uint64_t *)cpu0.sys;
	err = cpu_open();
	if (err) {
		cpu_cleanup();
		return err;
	}
	cpu0.mmu = mmu;
	mmu->itlb_evict = codepage_evict;
	mmu->itlb_opaque = NULL;
	return 0;
}

void ucpu_destroy(void)
{
	if (cpu0.uc)
		cpu_cleanup();
}

void ucpu_set_mm(struct mm_struct *mm)
{
	struct mm_struct *prev = current_mm;

	switch_mm(mm);
	/* a reused page-directory frame would skip the CR3 flush */
	if (mm != prev)
		codepages_unmap_all();
	ucpu_mm_layout_changed();
}

void ucpu_mm_layout_changed(void)
{
	if (cpu0.uc)
		ucpu_stop(STOP_RESYNC);
}

void ucpu_request_stop(void)
{
	if (cpu0.uc)
		ucpu_stop(STOP_SYSCALL);
}

/* One uc_emu_start from the current EIP; the hooks say why it ended. */
static void run_once(void)
{
	uint64_t before = cpu0.run_blocks;
	uc_err err;

	cpu0.stop &= ~STOP_RESYNC;
	cpu0.stop_at_block = 0;
	if (cpu0.tb_flush_pending)
		tbcache_flush();
	if (codepages_apply_deferred() || layout_sync()) {
		cpu_kill(SIGKILL, 0, 0);	/* host out of memory */
		return;
	}
	cpu0.running = 1;
	cpu_stats.emu_starts++;
	err = uc_emu_start(cpu0.uc, ucpu_get_reg(CPU_EIP), CPU_NEVER_PC, 0, 0);
	cpu0.running = 0;
	if (cpu0.stop)
		return;
	/* an error no hook explained, or a stop without progress */
	if (err || cpu0.run_blocks == before)
		cpu_kill(SIGSEGV, 0, 0);
}

int ucpu_run(uint64_t max_blocks, struct cpu_exit *ex)
{
	if (!cpu0.uc || !current_mm || !max_blocks || !ex || cpu0.running)
		return -EINVAL;
	memset(ex, 0, sizeof(*ex));
	cpu0.budget = max_blocks;
	cpu0.run_blocks = 0;
	cpu0.stop = 0;
	cpu0.signal = 0;
	cpu0.fault_addr = cpu0.trapno = 0;
	cpu0.fix_eip = 0;
	while (!(cpu0.stop & (STOP_FATAL | STOP_SYSCALL | STOP_SLICE)))
		run_once();
	if (cpu0.stop & STOP_FATAL) {
		ex->reason = CPU_EXIT_SIGNAL;
		ex->signal = cpu0.signal;
		ex->fault_addr = cpu0.fault_addr;
		ex->trapno = cpu0.trapno;
		if (cpu0.fix_eip)
			ucpu_set_reg(CPU_EIP, cpu0.fault_eip);
	} else if (cpu0.stop & STOP_SYSCALL) {
		ex->reason = CPU_EXIT_SYSCALL;
	} else {
		ex->reason = CPU_EXIT_SLICE;
	}
	ex->blocks = cpu0.run_blocks;
	cpu0.stop = 0;
	return 0;
}

const struct cpu_ops unicorn_cpu_ops = {
	.destroy = ucpu_destroy,
	.set_mm = ucpu_set_mm,
	.mm_layout_changed = ucpu_mm_layout_changed,
	.run = ucpu_run,
	.request_stop = ucpu_request_stop,
	.get_reg = ucpu_get_reg,
	.set_reg = ucpu_set_reg,
	.set_tls_desc = ucpu_set_tls_desc,
	.get_tls_desc = ucpu_get_tls_desc,
	.context_alloc = ucpu_context_alloc,
	.context_free = ucpu_context_free,
	.context_save = ucpu_context_save,
	.context_restore = ucpu_context_restore,
	.reset_regs = ucpu_reset_regs,
};
