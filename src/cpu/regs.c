/*
 * regs.c - the guest's registers and per-process CPU contexts.
 *
 * A context is Unicorn's saved CPU state (general, segment with their
 * descriptor caches, x87/SSE, EFLAGS, EIP; about 5.5 KiB, 0.14 us to save
 * and restore, measured) plus the three TLS descriptors, which Linux also
 * switches per thread (load_TLS) because they live in the shared GDT.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_internal.h"

static const int uc_reg_id[CPU_NR_REGS] = {
	[CPU_EAX] = UC_X86_REG_EAX, [CPU_ECX] = UC_X86_REG_ECX,
	[CPU_EDX] = UC_X86_REG_EDX, [CPU_EBX] = UC_X86_REG_EBX,
	[CPU_ESP] = UC_X86_REG_ESP, [CPU_EBP] = UC_X86_REG_EBP,
	[CPU_ESI] = UC_X86_REG_ESI, [CPU_EDI] = UC_X86_REG_EDI,
	[CPU_EIP] = UC_X86_REG_EIP, [CPU_EFLAGS] = UC_X86_REG_EFLAGS,
	[CPU_CS] = UC_X86_REG_CS, [CPU_SS] = UC_X86_REG_SS,
	[CPU_DS] = UC_X86_REG_DS, [CPU_ES] = UC_X86_REG_ES,
	[CPU_FS] = UC_X86_REG_FS, [CPU_GS] = UC_X86_REG_GS,
};

uint32_t ucpu_get_reg(enum cpu_reg reg)
{
	uint32_t v = 0;

	if (!cpu0.uc || (unsigned)reg >= CPU_NR_REGS)
		return 0;
	uc_reg_read(cpu0.uc, uc_reg_id[reg], &v);
	if (reg >= CPU_CS)
		v &= 0xffff;
	return v;
}

/*
 * A segment write loads the descriptor as mov to a segment register
 * would (Unicorn checks it first and refuses rather than faulting).
 * (cpu_set_reg has already refused what a guest may not be given.)
 */
int ucpu_set_reg(enum cpu_reg reg, uint32_t value)
{
	if (!cpu0.uc || (unsigned)reg >= CPU_NR_REGS)
		return -EINVAL;
	if (uc_reg_write(cpu0.uc, uc_reg_id[reg], &value))
		return -EINVAL;
	return 0;
}

static void tls_clear(void)
{
	memset(&cpu0.gdt[GDT_ENTRY_TLS_MIN], 0,
	       GDT_ENTRY_TLS_ENTRIES * sizeof(uint64_t));
}

void ucpu_reset_regs(void)
{
	uint32_t eip = 0;

	if (!cpu0.uc)
		return;
	tls_clear();
	uc_context_restore(cpu0.uc, cpu0.pristine);
	/* a register write, so a syscall hook's caller sees the new EIP */
	uc_reg_write(cpu0.uc, UC_X86_REG_EIP, &eip);
}

struct cpu_context *ucpu_context_alloc(void)
{
	struct cpu_context *ctx;

	if (!cpu0.uc)
		return NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	if (uc_context_alloc(cpu0.uc, &ctx->uc)) {
		free(ctx);
		return NULL;
	}
	ctx->fresh = 1;
	return ctx;
}

void ucpu_context_free(struct cpu_context *ctx)
{
	if (!ctx)
		return;
	uc_context_free(ctx->uc);
	free(ctx);
}

void ucpu_context_save(struct cpu_context *ctx)
{
	if (!ctx || !cpu0.uc)
		return;
	uc_context_save(cpu0.uc, ctx->uc);
	memcpy(ctx->tls, &cpu0.gdt[GDT_ENTRY_TLS_MIN], sizeof(ctx->tls));
	ctx->fresh = 0;
}

void ucpu_context_restore(const struct cpu_context *ctx)
{
	uint32_t eip;

	if (!ctx || !cpu0.uc)
		return;
	if (ctx->fresh) {
		ucpu_reset_regs();
		return;
	}
	memcpy(&cpu0.gdt[GDT_ENTRY_TLS_MIN], ctx->tls, sizeof(ctx->tls));
	uc_context_restore(cpu0.uc, ctx->uc);
	eip = ucpu_get_reg(CPU_EIP);
	uc_reg_write(cpu0.uc, UC_X86_REG_EIP, &eip);
}
