/*
 * trap.c - interrupts and exceptions, as arch/i386/kernel/traps.c sees
 * them: int 0x80 goes to the kernel's syscall handler, every other vector
 * is a signal for the guest (do_trap's table), and a #PF can only come
 * from the CPU's own top 4 MiB (the GDT page, supervisor-only in
 * Unicorn's page directory), which is a kernel-half access like any other.
 *
 * Unicorn 2.0.1 delivers nothing through an IDT: it calls UC_HOOK_INTR
 * with the vector and, for faults, EIP at the faulting instruction, then
 * moves EIP past it. We note EIP in the hook and put it back when the
 * guest is stopped, so a killed guest's registers show where it died.
 * ud2 and other invalid opcodes come through UC_HOOK_INSN_INVALID.
 */
#include <errno.h>
#include <signal.h>
#include "cpu_internal.h"
#include "record.h"

#define SYSCALL_VECTOR	0x80
#define PF_VECTOR	14

static int signal_for_trap(uint32_t vector)
{
	switch (vector) {
	case 0:		/* divide error */
	case 9:		/* coprocessor segment overrun */
	case 16:	/* x87 floating-point error */
	case 19:	/* SIMD floating-point */
		return SIGFPE;
	case 1:		/* debug */
	case 3:		/* int3 */
		return SIGTRAP;
	case 6:		/* invalid opcode */
		return SIGILL;
	case 11:	/* segment not present */
	case 12:	/* stack segment */
	case 17:	/* alignment check */
		return SIGBUS;
	default:	/* overflow, bounds, invalid TSS, #GP, int n */
		return SIGSEGV;
	}
}

static uint32_t read_eip(void)
{
	uint32_t eip = 0;

	uc_reg_read(cpu0.uc, UC_X86_REG_EIP, &eip);
	return eip;
}

static void do_syscall(void)
{
	cpu_stats.syscalls++;
	if (trace_mode == TRACE_RECORDING)
		record_syscall();
	if (!cpu_syscall) {
		ucpu_set_reg(CPU_EAX, (uint32_t)-ENOSYS);
		return;
	}
	if (cpu_syscall(cpu_syscall_opaque) == CPU_SYSCALL_STOP)
		ucpu_stop(STOP_SYSCALL);
}

static void hook_intr(uc_engine *uc, uint32_t vector, void *user)
{
	uint32_t cr2 = 0, pa;

	(void)user;
	if (vector == SYSCALL_VECTOR) {
		do_syscall();
		return;
	}
	cpu0.fault_eip = read_eip();
	cpu0.fix_eip = 1;
	if (vector == PF_VECTOR) {
		uc_reg_read(uc, UC_X86_REG_CR2, &cr2);
		/* translate refuses it (supervisor page) and so does
		 * do_page_fault; the kill is for the impossible other case */
		if (!resolve(cr2, ACCESS_READ, 1, &pa))
			cpu_kill(SIGSEGV, cr2, vector);
		return;
	}
	cpu_kill(signal_for_trap(vector), 0, vector);
}

static bool hook_insn_invalid(uc_engine *uc, void *user)
{
	(void)uc;
	(void)user;
	cpu0.fault_eip = read_eip();
	cpu0.fix_eip = 1;
	cpu_kill(SIGILL, 0, 6);
	return false;
}

int trap_hooks_add(void)
{
	uc_hook h1, h2;

	if (uc_hook_add(cpu0.uc, &h1, UC_HOOK_INTR, hook_intr, NULL, 1, 0) ||
	    uc_hook_add(cpu0.uc, &h2, UC_HOOK_INSN_INVALID, hook_insn_invalid,
			NULL, 1, 0))
		return -EIO;
	return 0;
}
