/*
 * signal_internal.h - what signal.c, signal_frame.c and sys_signal.c
 * share: the frame builders, the fault registers a frame records
 * (trapno, err, cr2 of the fault being delivered) and sigaltstack.
 */
#ifndef I386MM_SIGNAL_INTERNAL_H
#define I386MM_SIGNAL_INTERNAL_H

#include <stdint.h>

#include "ksignal.h"

struct sig_fault_regs {
	int valid;
	uint32_t trapno, err, cr2;
};

/* The fault being delivered: thread.trap_no, error_code, cr2. */
extern struct sig_fault_regs sig_fault;

/* i386 stack_t */
struct stack_t_i386 {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};

int setup_frame(int sig, const struct k_sigaction *ka, uint64_t oldset);
int setup_rt_frame(int sig, const struct k_sigaction *ka,
		   const struct ksiginfo *info, uint64_t oldset);

int on_sig_stack(uint32_t sp);
int sas_ss_flags(uint32_t sp);
/* Linux's do_sigaltstack, sp the user stack pointer now. */
int do_sigaltstack(uint32_t uss, uint32_t uoss, uint32_t sp);

#endif
