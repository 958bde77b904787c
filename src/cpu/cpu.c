/*
 * cpu.c - cpu.h's entry points, dispatched to the CPU this run has: the
 * Unicorn engine, or the trace CPU of a replay (cpu_internal.h). What
 * both share lives here too: the system-call handler, the counters, and
 * cpu_access/cpu_fetch, the CPU's two doors into the MMU, where a
 * recording run writes each access down (record.c).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "cpu_internal.h"
#include "mm.h"
#include "record.h"
#include "trace.h"
#include "vmstat.h"

static const struct cpu_ops *cpu_ops;
cpu_syscall_fn cpu_syscall;
void *cpu_syscall_opaque;
struct cpu_stats cpu_stats;

int cpu_init(struct mmu *mmu)
{
	int err;

	if (cpu_ops)
		return -EBUSY;
	memset(&cpu_stats, 0, sizeof(cpu_stats));
	err = ucpu_init(mmu);
	if (!err)
		cpu_ops = &unicorn_cpu_ops;
	return err;
}

/* trace_cpu.c's half of cpu_init_replay: the ops, once it is ready. */
void cpu_use_trace_ops(void)
{
	memset(&cpu_stats, 0, sizeof(cpu_stats));
	cpu_ops = &trace_cpu_ops;
}

void cpu_destroy(void)
{
	if (cpu_ops)
		cpu_ops->destroy();
	cpu_ops = NULL;
	cpu_syscall = NULL;
	cpu_syscall_opaque = NULL;
}

void cpu_set_syscall_handler(cpu_syscall_fn fn, void *opaque)
{
	cpu_syscall = fn;
	cpu_syscall_opaque = opaque;
}

const struct cpu_stats *cpu_get_stats(void)
{
	return &cpu_stats;
}

void cpu_set_mm(struct mm_struct *mm)
{
	if (cpu_ops)
		cpu_ops->set_mm(mm);
}

void cpu_mm_layout_changed(void)
{
	if (cpu_ops)
		cpu_ops->mm_layout_changed();
}

int cpu_run(uint64_t max_blocks, struct cpu_exit *ex)
{
	int ret;

	if (!cpu_ops)
		return -EINVAL;
	if (trace_mode == TRACE_RECORDING)
		record_run(max_blocks);
	ret = cpu_ops->run(max_blocks, ex);
	if (!ret && trace_mode == TRACE_RECORDING)
		record_exit(ex);
	return ret;
}

void cpu_request_stop(void)
{
	if (cpu_ops)
		cpu_ops->request_stop();
}

uint32_t cpu_get_reg(enum cpu_reg reg)
{
	return cpu_ops ? cpu_ops->get_reg(reg) : 0;
}

/*
 * The kernel's writes, checked here for both CPUs: a guest cannot be
 * given CPL 0, so CS and SS stay the user ones and a data selector is
 * null or RPL 3.
 */
int cpu_set_reg(enum cpu_reg reg, uint32_t value)
{
	if (!cpu_ops || (unsigned)reg >= CPU_NR_REGS)
		return -EINVAL;
	if (reg >= CPU_CS) {
		if (value > 0xffff || (value && (value & 3) != 3))
			return -EINVAL;
		if ((reg == CPU_CS && value != __USER_CS) ||
		    (reg == CPU_SS && value != __USER_DS))
			return -EINVAL;
	}
	return cpu_ops->set_reg(reg, value);
}

int cpu_set_tls_desc(unsigned entry, uint32_t base, uint32_t limit,
		     uint32_t flags)
{
	return cpu_ops ? cpu_ops->set_tls_desc(entry, base, limit, flags)
		       : -EINVAL;
}

uint64_t cpu_get_tls_desc(unsigned entry)
{
	return cpu_ops ? cpu_ops->get_tls_desc(entry) : 0;
}

struct cpu_context *cpu_context_alloc(void)
{
	return cpu_ops ? cpu_ops->context_alloc() : NULL;
}

void cpu_context_free(struct cpu_context *ctx)
{
	if (cpu_ops && ctx)
		cpu_ops->context_free(ctx);
}

void cpu_context_save(struct cpu_context *ctx)
{
	if (cpu_ops && ctx)
		cpu_ops->context_save(ctx);
}

void cpu_context_restore(const struct cpu_context *ctx)
{
	if (cpu_ops && ctx)
		cpu_ops->context_restore(ctx);
}

void cpu_reset_regs(void)
{
	if (cpu_ops)
		cpu_ops->reset_regs();
}

int signal_for_fault(int vm_fault)
{
	if (vm_fault & VM_FAULT_OOM)
		return SIGKILL;
	if (vm_fault & VM_FAULT_SIGBUS)
		return SIGBUS;
	return SIGSEGV;
}

/* The counters an access's result is read from (enum trace_result). */
struct access_mark {
	uint64_t hits, walks, faults, majors;
};

static void mark(struct access_mark *m, const struct tlb *tlb)
{
	m->hits = tlb->hits;
	m->walks = cpu0.mmu->page_walks;
	m->faults = vm_events[pgfault];
	m->majors = vm_events[pgmajfault];
}

static unsigned result_since(const struct access_mark *m,
			     const struct tlb *tlb, int signal)
{
	if (signal)
		return TRES_SIGNAL;
	if (vm_events[pgmajfault] != m->majors)
		return TRES_MAJOR;
	if (vm_events[pgfault] != m->faults)
		return TRES_MINOR;
	if (cpu0.mmu->page_walks != m->walks || tlb->hits == m->hits)
		return TRES_WALK;
	return TRES_HIT;
}

/*
 * A CPL-3 access as the hardware makes it, with the kernel's fault
 * handler behind it: a fixed fault is retried. 0 with *pa, or the signal
 * the access earns the guest.
 */
static int access_mmu(uint32_t va, enum access_kind kind, uint32_t *pa)
{
	struct mmu *mmu = cpu0.mmu;
	uint32_t error_code;
	int tries, ret;

	for (tries = 0; tries <= CPU_FAULT_RETRIES; tries++) {
		if (!translate(mmu, va, kind, 1, pa, &error_code))
			return 0;
		ret = do_page_fault(current_mm, va, error_code);
		if (ret & VM_FAULT_ERROR)
			return signal_for_fault(ret);
	}
	/* "fixed" over and over: a kernel bug, not a reason to hang */
	return SIGSEGV;
}

/*
 * Both run for every guest access: what an access found is worked out
 * only when a recording writes it or a replay checks it (trace_mode).
 */
int cpu_access(uint32_t va, enum access_kind kind, unsigned size,
	       uint32_t *pa, unsigned *result)
{
	struct mmu *mmu = cpu0.mmu;
	const struct tlb *tlb = kind == ACCESS_EXEC ? &mmu->itlb : &mmu->dtlb;
	struct access_mark m;
	int sig;

	cpu_stats.requests++;
	if (trace_mode == TRACE_OFF)
		return access_mmu(va, kind, pa);
	mark(&m, tlb);
	sig = access_mmu(va, kind, pa);
	*result = result_since(&m, tlb, sig);
	if (trace_mode == TRACE_RECORDING)
		record_access(va, kind, size, *result);
	return sig;
}

int cpu_fetch(uint32_t va, unsigned *result)
{
	struct mmu *mmu = cpu0.mmu;
	struct access_mark m;
	uint32_t pa, err;
	int ret;

	cpu_stats.requests++;
	if (trace_mode == TRACE_OFF)
		return translate(mmu, va, ACCESS_EXEC, 1, &pa, &err);
	mark(&m, &mmu->itlb);
	ret = translate(mmu, va, ACCESS_EXEC, 1, &pa, &err);
	*result = result_since(&m, &mmu->itlb, 0);
	if (trace_mode == TRACE_RECORDING)
		record_access(va, ACCESS_EXEC, 0, *result);
	return ret;
}
