/*
 * signal_frame.c - the i386 signal frames, as Linux 2.6's
 * arch/i386/kernel/signal.c lays them out on the user stack (or the
 * sigaltstack): struct sigframe for a plain handler, struct rt_sigframe
 * (siginfo and ucontext) for SA_SIGINFO, and sigreturn/rt_sigreturn that
 * read them back. The layouts are the ABI glibc and every debugger know,
 * so they are spelt out field by field and their sizes checked.
 *
 * The CPU glue gives no access to the x87/SSE registers (cpu.h), so the
 * frames keep the _fpstate area's room but sigcontext.fpstate is NULL:
 * a handler that changes FPU state leaves it changed after return.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cpu.h"
#include "signal_internal.h"
#include "syscalls.h"
#include "uaccess.h"

struct sigcontext_i386 {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, __csh;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate;		/* struct _fpstate *: NULL here */
	uint32_t oldmask, cr2;
};

#define FPSTATE_SIZE	624		/* i386 struct _fpstate */

struct sigframe_i386 {
	uint32_t pretcode;
	int32_t sig;
	struct sigcontext_i386 sc;
	uint8_t fpstate[FPSTATE_SIZE];
	uint32_t extramask[1];
	uint8_t retcode[8];
};

struct siginfo_i386 {
	int32_t si_signo, si_errno, si_code;
	union {
		uint32_t pad[29];
		struct { int32_t pid; uint32_t uid; } kill;
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status;
			int32_t utime, stime;
		} chld;
		struct { uint32_t addr; } fault;
	} f;
};

struct ucontext_i386 {
	uint32_t uc_flags;
	uint32_t uc_link;
	struct stack_t_i386 uc_stack;
	struct sigcontext_i386 uc_mcontext;
	uint32_t uc_sigmask[2];
};

struct rt_sigframe_i386 {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo_i386 info;
	struct ucontext_i386 uc;
	uint8_t fpstate[FPSTATE_SIZE];
	uint8_t retcode[8];
};

_Static_assert(sizeof(struct sigcontext_i386) == 88, "sigcontext");
_Static_assert(sizeof(struct siginfo_i386) == 128, "siginfo");
_Static_assert(sizeof(struct ucontext_i386) == 116, "ucontext");
_Static_assert(offsetof(struct sigframe_i386, retcode) == 724, "sigframe");
_Static_assert(offsetof(struct rt_sigframe_i386, uc) == 144, "rt_sigframe");

/* The bits of EFLAGS a sigreturn may change (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS	0x50dd5u
#define EFLAGS_TF	0x100u

/* popl %eax; movl $__NR_sigreturn,%eax; int $0x80 */
static const uint8_t sigreturn_code[8] = {
	0x58, 0xb8, __NR_sigreturn, 0, 0, 0, 0xcd, 0x80
};
/* movl $__NR_rt_sigreturn,%eax; int $0x80 */
static const uint8_t rt_sigreturn_code[8] = {
	0xb8, __NR_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0
};

int on_sig_stack(uint32_t sp)
{
	return sp - current->sas_ss_sp < current->sas_ss_size;
}

int sas_ss_flags(uint32_t sp)
{
	if (!current->sas_ss_size)
		return LSS_DISABLE;
	return on_sig_stack(sp) ? LSS_ONSTACK : 0;
}

static void setup_sigcontext(struct sigcontext_i386 *sc, uint32_t mask)
{
	memset(sc, 0, sizeof(*sc));
	sc->gs = (uint16_t)cpu_get_reg(CPU_GS);
	sc->fs = (uint16_t)cpu_get_reg(CPU_FS);
	sc->es = (uint16_t)cpu_get_reg(CPU_ES);
	sc->ds = (uint16_t)cpu_get_reg(CPU_DS);
	sc->edi = cpu_get_reg(CPU_EDI);
	sc->esi = cpu_get_reg(CPU_ESI);
	sc->ebp = cpu_get_reg(CPU_EBP);
	sc->esp = cpu_get_reg(CPU_ESP);
	sc->ebx = cpu_get_reg(CPU_EBX);
	sc->edx = cpu_get_reg(CPU_EDX);
	sc->ecx = cpu_get_reg(CPU_ECX);
	sc->eax = cpu_get_reg(CPU_EAX);
	if (sig_fault.valid) {
		sc->trapno = sig_fault.trapno;
		sc->err = sig_fault.err;
		sc->cr2 = sig_fault.cr2;
	}
	sc->eip = cpu_get_reg(CPU_EIP);
	sc->cs = (uint16_t)cpu_get_reg(CPU_CS);
	sc->eflags = cpu_get_reg(CPU_EFLAGS);
	sc->esp_at_signal = sc->esp;
	sc->ss = (uint16_t)cpu_get_reg(CPU_SS);
	sc->fpstate = 0;
	sc->oldmask = mask;
}

/* Where the frame goes: the altstack for SA_ONSTACK, 16-byte aligned
 * as at a function's entry (esp + 4), as Linux's get_sigframe. */
static uint32_t get_sigframe(const struct k_sigaction *ka, uint32_t size)
{
	uint32_t esp = cpu_get_reg(CPU_ESP);

	if ((ka->flags & LSA_ONSTACK) && sas_ss_flags(esp) == 0)
		esp = current->sas_ss_sp + current->sas_ss_size;
	esp -= size;
	return ((esp + 4) & ~15u) - 4;
}

static uint32_t restorer_of(const struct k_sigaction *ka, uint32_t frame,
			    size_t retcode_off)
{
	if (ka->flags & LSA_RESTORER)
		return ka->restorer;
	return frame + (uint32_t)retcode_off;
}

/* The handler runs: flat user segments, no single-step. */
static void enter_handler(const struct k_sigaction *ka, uint32_t frame)
{
	cpu_set_reg(CPU_ESP, frame);
	cpu_set_reg(CPU_EIP, ka->handler);
	cpu_set_reg(CPU_DS, __USER_DS);
	cpu_set_reg(CPU_ES, __USER_DS);
	cpu_set_reg(CPU_EFLAGS, cpu_get_reg(CPU_EFLAGS) & ~EFLAGS_TF);
}

int setup_frame(int sig, const struct k_sigaction *ka, uint64_t oldset)
{
	struct sigframe_i386 f;
	uint32_t frame = get_sigframe(ka, sizeof(f));

	if (!access_ok(frame, sizeof(f)))
		return -EFAULT;
	memset(&f, 0, sizeof(f));
	f.sig = sig;
	setup_sigcontext(&f.sc, (uint32_t)oldset);
	f.extramask[0] = (uint32_t)(oldset >> 32);
	memcpy(f.retcode, sigreturn_code, sizeof(f.retcode));
	f.pretcode = restorer_of(ka, frame,
				 offsetof(struct sigframe_i386, retcode));
	if (copy_to_user(frame, &f, sizeof(f)))
		return -EFAULT;
	enter_handler(ka, frame);
	cpu_set_reg(CPU_EAX, (uint32_t)sig);
	cpu_set_reg(CPU_EDX, 0);
	cpu_set_reg(CPU_ECX, 0);
	return 0;
}

static void copy_siginfo(struct siginfo_i386 *to, int sig,
			 const struct ksiginfo *from)
{
	memset(to, 0, sizeof(*to));
	to->si_signo = sig;
	to->si_errno = from->errno_;
	to->si_code = from->code;
	if (sig == LSIGSEGV || sig == LSIGBUS || sig == LSIGILL ||
	    sig == LSIGFPE || sig == LSIGTRAP) {
		if (from->code != LSI_USER) {
			to->f.fault.addr = from->addr;
			return;
		}
	}
	to->f.kill.pid = from->pid;
	to->f.kill.uid = from->uid;
	if (sig == LSIGCHLD)
		to->f.chld.status = from->status;
}

int setup_rt_frame(int sig, const struct k_sigaction *ka,
		   const struct ksiginfo *info, uint64_t oldset)
{
	struct rt_sigframe_i386 f;
	uint32_t frame = get_sigframe(ka, sizeof(f));
	uint32_t esp = cpu_get_reg(CPU_ESP);

	if (!access_ok(frame, sizeof(f)))
		return -EFAULT;
	memset(&f, 0, sizeof(f));
	f.sig = sig;
	f.pinfo = frame + (uint32_t)offsetof(struct rt_sigframe_i386, info);
	f.puc = frame + (uint32_t)offsetof(struct rt_sigframe_i386, uc);
	copy_siginfo(&f.info, sig, info);
	f.uc.uc_stack.ss_sp = current->sas_ss_sp;
	f.uc.uc_stack.ss_flags = sas_ss_flags(esp);
	f.uc.uc_stack.ss_size = current->sas_ss_size;
	setup_sigcontext(&f.uc.uc_mcontext, (uint32_t)oldset);
	f.uc.uc_sigmask[0] = (uint32_t)oldset;
	f.uc.uc_sigmask[1] = (uint32_t)(oldset >> 32);
	memcpy(f.retcode, rt_sigreturn_code, sizeof(f.retcode));
	f.pretcode = restorer_of(ka, frame,
				 offsetof(struct rt_sigframe_i386, retcode));
	if (copy_to_user(frame, &f, sizeof(f)))
		return -EFAULT;
	enter_handler(ka, frame);
	cpu_set_reg(CPU_EAX, (uint32_t)sig);
	cpu_set_reg(CPU_EDX, f.pinfo);
	cpu_set_reg(CPU_ECX, f.puc);
	return 0;
}

/* A data segment the guest may load: null or an RPL-3 selector the CPU
 * accepts (cpu_set_reg checks the descriptor). */
static int restore_seg(enum cpu_reg reg, uint16_t sel)
{
	if (cpu_get_reg(reg) == sel)
		return 0;
	return cpu_set_reg(reg, sel);
}

/* Linux's restore_sigcontext; -EFAULT for registers the CPU refuses. */
static int restore_sigcontext(const struct sigcontext_i386 *sc)
{
	uint32_t flags = cpu_get_reg(CPU_EFLAGS);

	if (sc->cs != __USER_CS || sc->ss != __USER_DS)
		return -EFAULT;
	if (restore_seg(CPU_GS, sc->gs) || restore_seg(CPU_FS, sc->fs) ||
	    restore_seg(CPU_ES, sc->es) || restore_seg(CPU_DS, sc->ds))
		return -EFAULT;
	cpu_set_reg(CPU_EDI, sc->edi);
	cpu_set_reg(CPU_ESI, sc->esi);
	cpu_set_reg(CPU_EBP, sc->ebp);
	cpu_set_reg(CPU_ESP, sc->esp);
	cpu_set_reg(CPU_EBX, sc->ebx);
	cpu_set_reg(CPU_EDX, sc->edx);
	cpu_set_reg(CPU_ECX, sc->ecx);
	cpu_set_reg(CPU_EFLAGS, (flags & ~FIX_EFLAGS) |
				(sc->eflags & FIX_EFLAGS));
	cpu_set_reg(CPU_EIP, sc->eip);
	return 0;
}

static void set_blocked(uint64_t mask)
{
	current->blocked = mask & ~SIG_UNBLOCKABLE;
}

/* A frame that cannot be read back kills with SIGSEGV (Linux's
 * badframe: force_sig(SIGSEGV)); EAX is left as it was. */
static long badframe(void)
{
	force_sig(LSIGSEGV, current);
	return (long)(int32_t)cpu_get_reg(CPU_EAX);
}

/* The handler's ret popped pretcode and the retcode's popl the signal
 * number: the frame starts 8 bytes below ESP. */
SYSCALL_DEFINE0(sigreturn)
{
	struct sigframe_i386 f;
	uint32_t frame = cpu_get_reg(CPU_ESP) - 8;

	if (!access_ok(frame, sizeof(f)) ||
	    copy_from_user(&f, frame, sizeof(f)))
		return badframe();
	if (restore_sigcontext(&f.sc))
		return badframe();
	set_blocked(((uint64_t)f.extramask[0] << 32) | f.sc.oldmask);
	return (long)(int32_t)f.sc.eax;
}

/* Only pretcode was popped: the frame starts 4 bytes below ESP. */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct rt_sigframe_i386 f;
	uint32_t frame = cpu_get_reg(CPU_ESP) - 4;
	uint32_t uss = frame + (uint32_t)offsetof(struct rt_sigframe_i386,
						  uc.uc_stack);

	if (!access_ok(frame, sizeof(f)) ||
	    copy_from_user(&f, frame, sizeof(f)))
		return badframe();
	if (restore_sigcontext(&f.uc.uc_mcontext))
		return badframe();
	set_blocked(((uint64_t)f.uc.uc_sigmask[1] << 32) |
		    f.uc.uc_sigmask[0]);
	/* as Linux: the altstack as the handler left it; errors other
	 * than a fault do not matter (the handler may run on it) */
	if (do_sigaltstack(uss, 0, f.uc.uc_mcontext.esp) == -EFAULT)
		return badframe();
	return (long)(int32_t)f.uc.uc_mcontext.eax;
}
