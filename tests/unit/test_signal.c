/*
 * test_signal.c - signals, at two levels.
 *
 * The kernel's side, on a machine booted for real (sys_test.h): the
 * exact i386 rt_sigframe and sigframe a handler gets (every saved
 * register, the siginfo, the masks, the alignment, the sigaltstack),
 * rt_sigreturn and sigreturn putting every register and the mask back,
 * a corrupt frame killing with SIGSEGV, the restart convention of an
 * interrupted blocking read (-EINTR, SA_RESTART, no handler), a fault
 * from guest code run by the CPU becoming a handler's SIGSEGV with
 * si_addr and cr2, force_sig's default action when blocked, and
 * /proc/PID/status's signal lines.
 *
 * A real static i386 program (tests/fixtures/sig_guest.c, run whole by
 * i386mm in a child process of the test): glibc's handlers, sigsetjmp
 * and siglongjmp out of SIGSEGV and SIGFPE, kill to itself, the
 * sigaltstack, sigprocmask, and default actions with Linux's exit
 * statuses; its expected output is what it prints on Linux.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/wait.h>

#include "sys_test.h"
#include "ksignal.h"
#include "guest_run.h"

#define SIG_STACK_TOP	(DATA + DATA_PAGES * P)
#define HANDLER		0x08048100u	/* never run: only EIP is checked */
#define RESTORER	0x08048200u
#define ACT		(DATA + 0x100)
#define BUF		(DATA + 0x200)

/* Offsets in Linux's i386 frames (arch/i386/kernel/signal.c). */
#define SC_GS		0
#define SC_EDI		16
#define SC_ESP		28
#define SC_EBX		32
#define SC_EAX		44
#define SC_TRAPNO	48
#define SC_ERR		52
#define SC_EIP		56
#define SC_CS		60
#define SC_EFLAGS	64
#define SC_ESP_AT	68
#define SC_SS		72
#define SC_FPSTATE	76
#define SC_OLDMASK	80
#define SC_CR2		84
#define RT_INFO		16
#define RT_UC		144
#define UC_STACK	8
#define UC_MCONTEXT	20
#define UC_SIGMASK	108
#define RT_SIZE		(RT_UC + 116 + 624 + 8)
#define F_SC		8
#define F_EXTRAMASK	(8 + 88 + 624)
#define F_RETCODE	(F_EXTRAMASK + 4)

static const uint32_t gp_regs[8] = {
	0xa0a0a0a0, 0xc1c1c1c1, 0xd2d2d2d2, 0xb3b3b3b3,
	0, 0xbebebebe, 0x5151515, 0xd1d1d1d1,
};

/* EAX..EDI distinct values, ESP near the top of DATA, EIP in CODE. */
static void set_regs(uint32_t esp, uint32_t eip)
{
	int r;

	for (r = CPU_EAX; r <= CPU_EDI; r++)
		if (r != CPU_ESP)
			cpu_set_reg((enum cpu_reg)r, gp_regs[r]);
	cpu_set_reg(CPU_ESP, esp);
	cpu_set_reg(CPU_EIP, eip);
}

static void set_action(int sig, uint32_t handler, uint32_t flags,
		       uint64_t mask)
{
	uint32_t act[5] = { handler, flags | LSA_RESTORER, RESTORER,
			    (uint32_t)mask, (uint32_t)(mask >> 32) };

	poke(ACT, act, sizeof(act));
	assert_int_equal(SC4(__NR_rt_sigaction, sig, ACT, 0, 8), 0);
}

static void send_user(int sig, int pid)
{
	struct ksiginfo info = { .code = LSI_USER, .pid = pid, .uid = 7 };

	assert_int_equal(send_sig_info(sig, &info, tp), 0);
}

static void test_rt_frame_and_rt_sigreturn(void **state)
{
	uint32_t frame, esp0 = SIG_STACK_TOP - 300, eip0 = CODE + 0x40;
	uint64_t mask = ksigmask(LSIGUSR2) | ksigmask(40);

	(void)state;
	set_action(LSIGUSR1, HANDLER, LSA_SIGINFO, mask);
	tp->blocked = ksigmask(LSIGHUP) | ksigmask(35);
	send_user(LSIGUSR1, 4242);
	assert_int_equal(tp->pending, ksigmask(LSIGUSR1));
	set_regs(esp0, eip0);
	do_signal(0, 0);

	frame = cpu_get_reg(CPU_ESP);
	assert_true(frame + RT_SIZE <= esp0 && frame + RT_SIZE + 16 > esp0);
	assert_int_equal((frame + 4) % 16, 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	assert_int_equal(cpu_get_reg(CPU_EAX), LSIGUSR1);
	assert_int_equal(cpu_get_reg(CPU_EDX), frame + RT_INFO);
	assert_int_equal(cpu_get_reg(CPU_ECX), frame + RT_UC);
	assert_int_equal(tp->pending, 0);
	assert_int_equal(tp->blocked, ksigmask(LSIGHUP) | ksigmask(35) | mask |
				      ksigmask(LSIGUSR1));
	/* pretcode, sig, pinfo, puc */
	assert_int_equal(peek32(frame), RESTORER);
	assert_int_equal(peek32(frame + 4), LSIGUSR1);
	assert_int_equal(peek32(frame + 8), frame + RT_INFO);
	assert_int_equal(peek32(frame + 12), frame + RT_UC);
	/* siginfo: signo, errno, code, pid, uid */
	assert_int_equal(peek32(frame + RT_INFO), LSIGUSR1);
	assert_int_equal(peek32(frame + RT_INFO + 4), 0);
	assert_int_equal(peek32(frame + RT_INFO + 8), LSI_USER);
	assert_int_equal(peek32(frame + RT_INFO + 12), 4242);
	assert_int_equal(peek32(frame + RT_INFO + 16), 7);
	/* uc_stack: no altstack */
	assert_int_equal(peek32(frame + RT_UC + UC_STACK + 4), LSS_DISABLE);
	/* the sigcontext */
	uint32_t scx = frame + RT_UC + UC_MCONTEXT;
	assert_int_equal(peek32(scx + SC_GS) & 0xffff, cpu_get_reg(CPU_GS));
	assert_int_equal(peek32(scx + SC_EDI), gp_regs[CPU_EDI]);
	assert_int_equal(peek32(scx + SC_ESP), esp0);
	assert_int_equal(peek32(scx + SC_EBX), gp_regs[CPU_EBX]);
	assert_int_equal(peek32(scx + SC_EAX), gp_regs[CPU_EAX]);
	assert_int_equal(peek32(scx + SC_TRAPNO), 0);
	assert_int_equal(peek32(scx + SC_EIP), eip0);
	assert_int_equal(peek32(scx + SC_CS) & 0xffff, __USER_CS);
	assert_int_equal(peek32(scx + SC_ESP_AT), esp0);
	assert_int_equal(peek32(scx + SC_SS) & 0xffff, __USER_DS);
	assert_int_equal(peek32(scx + SC_FPSTATE), 0);
	assert_int_equal(peek32(scx + SC_OLDMASK), ksigmask(LSIGHUP));
	assert_int_equal(peek32(frame + RT_UC + UC_SIGMASK), ksigmask(LSIGHUP));
	assert_int_equal(peek32(frame + RT_UC + UC_SIGMASK + 4),
			 1u << (35 - 33));
	/* the restorer's int 0x80 after the handler's ret popped pretcode */
	cpu_set_reg(CPU_ESP, frame + 4);
	cpu_set_reg(CPU_EIP, RESTORER + 7);
	assert_int_equal((uint32_t)SC0(__NR_rt_sigreturn), gp_regs[CPU_EAX]);
	assert_int_equal(cpu_get_reg(CPU_EIP), eip0);
	assert_int_equal(cpu_get_reg(CPU_ESP), esp0);
	assert_int_equal(cpu_get_reg(CPU_EBX), gp_regs[CPU_EBX]);
	assert_int_equal(cpu_get_reg(CPU_ECX), gp_regs[CPU_ECX]);
	assert_int_equal(cpu_get_reg(CPU_EDX), gp_regs[CPU_EDX]);
	assert_int_equal(cpu_get_reg(CPU_ESI), gp_regs[CPU_ESI]);
	assert_int_equal(cpu_get_reg(CPU_EDI), gp_regs[CPU_EDI]);
	assert_int_equal(cpu_get_reg(CPU_EBP), gp_regs[CPU_EBP]);
	assert_int_equal(tp->blocked, ksigmask(LSIGHUP) | ksigmask(35));
	assert_int_equal(tp->state, TASK_RUNNING);
}

/* No SA_SIGINFO, no SA_RESTORER: the old frame with its own retcode. */
static void test_sigframe_and_sigreturn(void **state)
{
	uint32_t frame, esp0 = SIG_STACK_TOP - 100, eip0 = CODE + 0x10;
	uint32_t act[4] = { HANDLER, 0, 0, 0 };	/* old sigaction */
	static const uint8_t retcode[8] = {
		0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	uint8_t code[8];

	(void)state;
	poke(ACT, act, sizeof(act));
	assert_int_equal(SC3(__NR_sigaction, LSIGTERM, ACT, 0), 0);
	tp->blocked = ksigmask(34);
	send_user(LSIGTERM, 9);
	set_regs(esp0, eip0);
	do_signal(0, 0);
	frame = cpu_get_reg(CPU_ESP);
	assert_int_equal((frame + 4) % 16, 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	assert_int_equal(cpu_get_reg(CPU_EAX), LSIGTERM);
	assert_int_equal(cpu_get_reg(CPU_EDX), 0);
	assert_int_equal(peek32(frame), frame + F_RETCODE);
	assert_int_equal(peek32(frame + 4), LSIGTERM);
	assert_int_equal(peek32(frame + F_SC + SC_EIP), eip0);
	assert_int_equal(peek32(frame + F_SC + SC_OLDMASK), 0);
	assert_int_equal(peek32(frame + F_EXTRAMASK), 1u << (34 - 33));
	peek(frame + F_RETCODE, code, 8);
	assert_memory_equal(code, retcode, 8);
	assert_int_equal(tp->blocked, ksigmask(34) | ksigmask(LSIGTERM));
	/* ret popped pretcode, popl %eax the signal number */
	cpu_set_reg(CPU_ESP, frame + 8);
	assert_int_equal((uint32_t)SC0(__NR_sigreturn), gp_regs[CPU_EAX]);
	assert_int_equal(cpu_get_reg(CPU_EIP), eip0);
	assert_int_equal(cpu_get_reg(CPU_ESP), esp0);
	assert_int_equal(cpu_get_reg(CPU_ESI), gp_regs[CPU_ESI]);
	assert_int_equal(tp->blocked, ksigmask(34));
}

static void test_altstack_frame(void **state)
{
	uint32_t ss[3] = { DATA + 4 * P, 0, 2 * P }, frame;

	(void)state;
	poke(ACT + 64, ss, sizeof(ss));
	assert_int_equal(SC2(__NR_sigaltstack, ACT + 64, 0), 0);
	set_action(LSIGUSR2, HANDLER, LSA_SIGINFO | LSA_ONSTACK, 0);
	send_user(LSIGUSR2, 1);
	set_regs(SIG_STACK_TOP - 64, CODE);
	do_signal(0, 0);
	frame = cpu_get_reg(CPU_ESP);
	assert_true(frame >= DATA + 4 * P && frame + RT_SIZE <= DATA + 6 * P);
	assert_true(frame + RT_SIZE + 16 > DATA + 6 * P);
	assert_int_equal(peek32(frame + RT_UC + UC_STACK), DATA + 4 * P);
	assert_int_equal(peek32(frame + RT_UC + UC_STACK + 4), 0);
	assert_int_equal(peek32(frame + RT_UC + UC_STACK + 8), 2 * P);
	/* on it now: sigaltstack says so and refuses a change */
	assert_int_equal(SC2(__NR_sigaltstack, 0, ACT + 64), 0);
	assert_int_equal(peek32(ACT + 68), LSS_ONSTACK);
	poke(ACT + 64, ss, sizeof(ss));
	assert_int_equal(SC2(__NR_sigaltstack, ACT + 64, 0), -EPERM);
	/* a second signal while on it stays on it, below the first frame */
	tp->blocked = 0;
	send_user(LSIGUSR2, 1);
	cpu_set_reg(CPU_ESP, frame - 32);
	do_signal(0, 0);
	assert_true(cpu_get_reg(CPU_ESP) < frame &&
		    cpu_get_reg(CPU_ESP) >= DATA + 4 * P);
	assert_int_equal(peek32(cpu_get_reg(CPU_ESP) + RT_UC + UC_STACK + 4),
			 LSS_ONSTACK);
}

static void test_bad_frame_is_sigsegv(void **state)
{
	(void)state;
	cpu_set_reg(CPU_ESP, NONE + 64);
	SC0(__NR_rt_sigreturn);
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGSEGV | WAIT_COREFLAG);
}

/* What strace shows of a write to a pipe nobody reads. */
static void test_strace_sigpipe(void **state)
{
	char text[512];
	FILE *log = tmpfile();
	size_t n;

	(void)state;
	assert_non_null(log);
	assert_int_equal(SC1(__NR_pipe, BUF), 0);
	assert_int_equal(SC1(__NR_close, peek32(BUF)), 0);
	poke_str(ACT, "x");
	syscall_set_strace(log);
	SC3(__NR_write, peek32(BUF + 4), ACT, 1);
	syscall_set_strace(NULL);
	rewind(log);
	n = fread(text, 1, sizeof(text) - 1, log);
	text[n] = '\0';
	fclose(log);
	assert_string_equal(text, "write(4, \"x\", 1)                        "
			    "= -1 EPIPE (Broken pipe)\n"
			    "--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, "
			    "si_pid=100, si_uid=1000} ---\n"
			    "+++ killed by SIGPIPE +++\n");
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	assert_int_equal(tp->exit_code, LSIGPIPE);
}

/* A frame whose saved CS is not the user one: SIGSEGV, as the iret
 * would fault on Linux; the registers are not half restored. */
static void test_forged_cs_is_sigsegv(void **state)
{
	uint32_t frame;

	(void)state;
	set_action(LSIGUSR1, HANDLER, LSA_SIGINFO, 0);
	send_user(LSIGUSR1, 1);
	set_regs(SIG_STACK_TOP - 64, CODE);
	do_signal(0, 0);
	frame = cpu_get_reg(CPU_ESP);
	poke(frame + RT_UC + UC_MCONTEXT + SC_CS, (uint16_t[]){ 0x23 }, 2);
	cpu_set_reg(CPU_ESP, frame + 4);
	SC0(__NR_rt_sigreturn);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGSEGV | WAIT_COREFLAG);
	assert_int_equal(cpu_get_reg(CPU_ESP), frame + 4);
}

/* A frame that cannot be written: SIGSEGV, and the handler of SIGSEGV
 * itself cannot run either, so the default action kills. */
static void test_unwritable_stack_kills(void **state)
{
	(void)state;
	set_action(LSIGUSR1, HANDLER, 0, 0);
	set_action(LSIGSEGV, HANDLER, 0, 0);
	send_user(LSIGUSR1, 1);
	set_regs(RO + P - 16, CODE);
	do_signal(0, 0);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGSEGV | WAIT_COREFLAG);
	assert_int_equal(tp->sigaction[LSIGSEGV - 1].handler, LSIG_DFL);
}

/* read of an empty pipe whose writer is open, with SIGUSR1 pending. */
static uint32_t interrupted_read(uint32_t handler, uint32_t flags)
{
	uint32_t fds[2];

	assert_int_equal(SC1(__NR_pipe, BUF), 0);
	peek(BUF, fds, sizeof(fds));
	if (handler != LSIG_IGN)
		set_action(LSIGUSR1, handler, flags, 0);
	send_user(LSIGUSR1, 1);
	if (handler == LSIG_IGN)	/* a signal with no handler to run */
		tp->sigaction[LSIGUSR1 - 1].handler = LSIG_IGN;
	cpu_set_reg(CPU_ESP, SIG_STACK_TOP - 16);
	cpu_set_reg(CPU_EIP, CODE + 0x22);	/* just past its int 0x80 */
	SC3(__NR_read, fds[0], BUF + 16, 10);
	assert_int_equal(tp->state, TASK_RUNNING);
	return cpu_get_reg(CPU_ESP);
}

static void test_read_eintr(void **state)
{
	char line[256] = "";
	uint32_t frame;
	FILE *log = tmpfile();

	(void)state;
	assert_non_null(log);
	syscall_set_strace(log);
	frame = interrupted_read(HANDLER, LSA_SIGINFO);
	syscall_set_strace(NULL);
	rewind(log);
	while (fgets(line, sizeof(line), log) && strncmp(line, "read(", 5))
		;
	assert_string_equal(line, "read(3, 0x10000210, 10)                 "
			    "= ? ERESTARTSYS (To be restarted if "
			    "SA_RESTART is set)\n");
	assert_non_null(fgets(line, sizeof(line), log));
	assert_string_equal(line, "--- SIGUSR1 {si_signo=SIGUSR1, "
			    "si_code=SI_USER, si_pid=1, si_uid=7} ---\n");
	assert_null(fgets(line, sizeof(line), log));
	fclose(log);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EAX),
			 (uint32_t)-EINTR);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EIP),
			 CODE + 0x22);
}

static void test_read_sa_restart(void **state)
{
	uint32_t frame;

	(void)state;
	frame = interrupted_read(HANDLER, LSA_SIGINFO | LSA_RESTART);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EAX),
			 __NR_read);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EIP),
			 CODE + 0x20);
}

static void test_read_restart_without_handler(void **state)
{
	(void)state;
	interrupted_read(LSIG_IGN, 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE + 0x20);
	assert_int_equal(cpu_get_reg(CPU_EAX), __NR_read);
	assert_int_equal(tp->pending, 0);
}

/* mov dword [HOLE + 0x10], 1; jmp $ */
static const uint8_t store_to_hole[] = {
	0xc7, 0x05, 0x10, 0x00, 0x00, 0x30, 0x01, 0x00, 0x00, 0x00,
	0xeb, 0xfe,
};

static void run_fault(struct cpu_exit *ex)
{
	map_fixed(CODE, P, PROT_READ | PROT_WRITE | PROT_EXEC);
	poke(CODE, store_to_hole, sizeof(store_to_hole));
	cpu_set_reg(CPU_ESP, SIG_STACK_TOP - 32);
	cpu_set_reg(CPU_EIP, CODE);
	assert_int_equal(cpu_run(1000, ex), 0);
	assert_int_equal(ex->reason, CPU_EXIT_SIGNAL);
	assert_int_equal(ex->signal, LSIGSEGV);
}

static void test_fault_runs_handler(void **state)
{
	struct cpu_exit ex;
	uint32_t frame;

	(void)state;
	set_action(LSIGSEGV, HANDLER, LSA_SIGINFO, 0);
	run_fault(&ex);
	signal_cpu_exit(&ex);
	assert_int_equal(tp->state, TASK_RUNNING);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	frame = cpu_get_reg(CPU_ESP);
	assert_int_equal(peek32(frame + RT_INFO), LSIGSEGV);
	assert_int_equal(peek32(frame + RT_INFO + 8), LSEGV_MAPERR);
	assert_int_equal(peek32(frame + RT_INFO + 12), HOLE + 0x10);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_TRAPNO), 14);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_CR2),
			 HOLE + 0x10);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_ERR), 4);
	/* the store is the block's first instruction: the CPU glue gives
	 * its EIP exactly (inside a block it gives the block's start) */
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EIP), CODE);
	assert_int_equal(tp->blocked, ksigmask(LSIGSEGV));
}

/* Blocked when the fault comes: unblocked, back to SIG_DFL, death. */
static void test_fault_blocked_kills(void **state)
{
	struct redirect r;
	struct cpu_exit ex;
	char out[256];
	ssize_t n;

	(void)state;
	set_action(LSIGSEGV, HANDLER, LSA_SIGINFO, 0);
	tp->blocked = ksigmask(LSIGSEGV);
	run_fault(&ex);
	redirect_begin(&r, 2);
	signal_cpu_exit(&ex);
	fflush(stderr);
	n = read(r.pipe[0], out, sizeof(out) - 1);
	redirect_end(&r);
	assert_true(n > 0);
	out[n] = '\0';
	assert_non_null(strstr(out, "guest: killed by signal 11 "
				    "(Segmentation fault) at address "
				    "0x30000010"));
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGSEGV | WAIT_COREFLAG);
	assert_int_equal(tp->blocked, 0);
	assert_int_equal(tp->sigaction[LSIGSEGV - 1].handler, LSIG_DFL);
}

static void test_masks_pending_and_status(void **state)
{
	char text[2048];
	uint64_t set = ksigmask(LSIGUSR1) | ksigmask(LSIGKILL);
	long fd, n;

	(void)state;
	set_action(LSIGINT, HANDLER, 0, 0);
	set_action(LSIGQUIT, LSIG_IGN, 0, 0);
	poke(BUF, &set, 8);
	assert_int_equal(SC4(__NR_rt_sigprocmask, 0, BUF, 0, 8), 0);
	assert_int_equal(tp->blocked, ksigmask(LSIGUSR1));	/* no KILL */
	assert_int_equal(SC2(__NR_kill, 100, LSIGUSR1), 0);
	assert_int_equal(SC2(__NR_kill, 100, LSIGQUIT), 0);	/* dropped */
	assert_int_equal(SC2(__NR_kill, 101, LSIGUSR1), -ESRCH);
	assert_int_equal(SC2(__NR_kill, (uint32_t)-1, LSIGUSR1), -ESRCH);
	assert_int_equal(SC2(__NR_rt_sigpending, BUF, 8), 0);
	assert_int_equal(peek32(BUF), ksigmask(LSIGUSR1));
	poke_str(BUF, "/proc/self/status");
	fd = SC3(__NR_open, BUF, 0, 0);
	assert_true(fd >= 0);
	n = SC3(__NR_read, (uint32_t)fd, BUF, sizeof(text) - 1);
	assert_true(n > 0);
	peek(BUF, text, (uint32_t)n);
	text[n] = '\0';
	assert_non_null(strstr(text, "SigPnd:\t0000000000000200\n"));
	assert_non_null(strstr(text, "SigBlk:\t0000000000000200\n"));
	assert_non_null(strstr(text, "SigIgn:\t0000000000000004\n"));
	assert_non_null(strstr(text, "SigCgt:\t0000000000000002\n"));
	assert_int_equal(SC1(__NR_close, (uint32_t)fd), 0);
	/* SIGKILL cannot be caught; kill 0 only checks */
	assert_int_equal(SC4(__NR_rt_sigaction, LSIGKILL, ACT, 0, 8),
			 -EINVAL);
	assert_int_equal(SC2(__NR_kill, 100, 0), 0);
	assert_int_equal(SC2(__NR_kill, 100, 65), -EINVAL);
	/* unblocked: the default action of SIGUSR1 ends the task */
	assert_int_equal(SC4(__NR_rt_sigprocmask, 2, DATA + 8 * P, 0, 8), 0);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGUSR1);
}

/* sigsuspend: the mask for the wait, -EINTR after the handler, the old
 * mask in the frame and back after sigreturn. */
static void test_sigsuspend(void **state)
{
	uint64_t none = 0, blk = ksigmask(LSIGUSR1);
	uint32_t frame;

	(void)state;
	set_action(LSIGUSR1, HANDLER, LSA_SIGINFO | LSA_RESTART, 0);
	tp->blocked = blk;
	send_user(LSIGUSR1, 1);
	assert_int_equal(tp->pending, blk);	/* blocked: stays */
	poke(BUF, &none, 8);
	cpu_set_reg(CPU_ESP, SIG_STACK_TOP - 16);
	cpu_set_reg(CPU_EIP, CODE + 0x12);
	SC2(__NR_rt_sigsuspend, BUF, 8);
	frame = cpu_get_reg(CPU_ESP);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	/* -ERESTARTNOHAND: -EINTR despite SA_RESTART */
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EAX),
			 (uint32_t)-EINTR);
	assert_int_equal(peek32(frame + RT_UC + UC_SIGMASK), blk);
	assert_int_equal(tp->blocked, blk);
	assert_int_equal(tp->restore_sigmask, 0);
	assert_int_equal(tp->pending, 0);
	cpu_set_reg(CPU_ESP, frame + 4);
	assert_int_equal(SC0(__NR_rt_sigreturn), -EINTR);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE + 0x12);
	assert_int_equal(tp->blocked, blk);
}

/* Nothing can come: with one process that is a deadlock. */
static void test_pause_alone_is_deadlock(void **state)
{
	struct redirect r;
	char out[256];
	ssize_t n;

	(void)state;
	redirect_begin(&r, 2);
	SC0(__NR_pause);
	fflush(stderr);
	n = read(r.pipe[0], out, sizeof(out) - 1);
	redirect_end(&r);
	assert_true(n > 0);
	out[n] = '\0';
	assert_string_equal(out, "i386mm: guest: deadlock: waiting for a "
			    "signal no other process can send; killed by "
			    "signal 9\n");
	assert_int_equal(tp->exit_code, LSIGKILL);
}

/* signal(2): SA_RESETHAND | SA_NODEFER, the old handler returned. */
static void test_signal_call_oneshot(void **state)
{
	(void)state;
	assert_int_equal(SC2(__NR_signal, LSIGALRM, HANDLER), LSIG_DFL);
	assert_int_equal(SC2(__NR_signal, LSIGALRM, HANDLER), HANDLER);
	send_user(LSIGALRM, 1);
	set_regs(SIG_STACK_TOP - 16, CODE);
	do_signal(0, 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	assert_int_equal(tp->blocked, 0);		/* NODEFER */
	assert_int_equal(tp->sigaction[LSIGALRM - 1].handler, LSIG_DFL);
	send_user(LSIGALRM, 1);		/* the default now: death */
	do_signal(0, 0);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGALRM);
}

/* The old sigprocmask: one word, the upper 32 signals untouched. */
static void test_old_sigprocmask(void **state)
{
	uint32_t set = ksigmask(LSIGINT) | ksigmask(LSIGSTOP);

	(void)state;
	tp->blocked = ksigmask(40);
	poke(BUF, &set, 4);
	assert_int_equal(SC3(__NR_sigprocmask, 2, BUF, BUF + 8), 0);
	assert_int_equal(tp->blocked, ksigmask(40) | ksigmask(LSIGINT));
	assert_int_equal(peek32(BUF + 8), 0);
	assert_int_equal(SC3(__NR_sigprocmask, 1, BUF, BUF + 8), 0);
	assert_int_equal(tp->blocked, ksigmask(40));
	assert_int_equal(peek32(BUF + 8), ksigmask(LSIGINT));
	assert_int_equal(SC3(__NR_sigprocmask, 7, BUF, 0), -EINVAL);
	assert_int_equal(SC3(__NR_sigprocmask, 0, NONE, 0), -EFAULT);
}

/* /proc/self/status's State line. */
static void proc_state(char *state, size_t cap)
{
	char text[2048], *p;
	long fd, n;

	poke_str(BUF, "/proc/self/status");
	fd = SC3(__NR_open, BUF, 0, 0);
	assert_true(fd >= 0);
	n = SC3(__NR_read, (uint32_t)fd, BUF, sizeof(text) - 1);
	assert_true(n > 0);
	peek(BUF, text, (uint32_t)n);
	text[n] = '\0';
	assert_int_equal(SC1(__NR_close, (uint32_t)fd), 0);
	p = strstr(text, "State:\t");
	assert_non_null(p);
	snprintf(state, cap, "%.*s", (int)strcspn(p + 7, "\n"), p + 7);
}

/* Stop and continue are states; SIGKILL ends whatever. */
static void test_stop_continue_kill(void **state)
{
	char st[32];

	(void)state;
	assert_int_equal(SC2(__NR_kill, 100, LSIGTSTP), 0);
	assert_int_equal(tp->stopped, 1);
	assert_int_equal(tp->state, TASK_RUNNING);
	proc_state(st, sizeof(st));
	assert_string_equal(st, "T (stopped)");
	assert_int_equal(SC2(__NR_kill, 100, LSIGCONT), 0);
	assert_int_equal(tp->stopped, 0);
	proc_state(st, sizeof(st));
	assert_string_equal(st, "R (running)");
	assert_int_equal(tp->pending, 0);	/* default: ignored */
	/* a stop pending while blocked is cancelled by SIGCONT */
	tp->blocked = ksigmask(LSIGTTIN);
	assert_int_equal(SC2(__NR_kill, 100, LSIGTTIN), 0);
	assert_int_equal(tp->pending, ksigmask(LSIGTTIN));
	assert_int_equal(SC3(__NR_tgkill, 100, 100, LSIGCONT), 0);
	assert_int_equal(tp->pending, 0);
	assert_int_equal(SC3(__NR_tgkill, 100, 5, LSIGCONT), -ESRCH);
	assert_int_equal(SC2(__NR_tkill, 100, LSIGKILL), 0);
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGKILL);
}

/* force_sig of an ignored signal: back to its default action. */
static void test_force_ignored(void **state)
{
	(void)state;
	set_action(LSIGBUS, LSIG_IGN, 0, 0);
	assert_int_equal(SC2(__NR_kill, 100, LSIGBUS), 0);
	assert_int_equal(tp->state, TASK_RUNNING);	/* ignored */
	force_sig_fault(LSIGBUS, LBUS_ADRERR, 0x1234, tp);
	assert_int_equal(tp->sigaction[LSIGBUS - 1].handler, LSIG_DFL);
	do_signal(0, 0);
	assert_int_equal(tp->exit_code, LSIGBUS | WAIT_COREFLAG);
}

/* fork keeps handlers, mask and altstack, not what is pending; exec
 * resets caught signals and keeps ignored ones and the mask. */
static void test_fork_and_exec(void **state)
{
	static struct task_struct child;

	(void)state;
	set_action(LSIGUSR1, HANDLER, LSA_SIGINFO, ksigmask(LSIGINT));
	set_action(LSIGUSR2, LSIG_IGN, 0, 0);
	tp->blocked = ksigmask(LSIGHUP) | ksigmask(LSIGUSR1);
	send_user(LSIGUSR1, 1);
	tp->sas_ss_sp = DATA;
	tp->sas_ss_size = 2 * P;
	memset(&child, 0xff, sizeof(child));
	signal_fork(&child, tp);
	assert_int_equal(child.sigaction[LSIGUSR1 - 1].handler, HANDLER);
	assert_int_equal(child.sigaction[LSIGUSR1 - 1].mask,
			 ksigmask(LSIGINT));
	assert_int_equal(child.blocked, tp->blocked);
	assert_int_equal(child.pending, 0);
	assert_int_equal(child.stopped, 0);
	assert_int_equal(child.sas_ss_size, 2 * P);
	signal_exec(&child);
	assert_int_equal(child.sigaction[LSIGUSR1 - 1].handler, LSIG_DFL);
	assert_int_equal(child.sigaction[LSIGUSR2 - 1].handler, LSIG_IGN);
	assert_int_equal(child.blocked, tp->blocked);
	assert_int_equal(child.sas_ss_size, 0);
	tp->sas_ss_size = 0;
}

/* alarm: the seconds left, as Linux rounds them; a lone blocking read
 * ends at the alarm, -EINTR after the handler, time moved on to it. */
static void test_alarm_interrupts_read(void **state)
{
	int64_t t0 = ktime_get_ns();
	uint32_t frame;

	(void)state;
	assert_int_equal(SC1(__NR_alarm, 5), 0);
	assert_int_equal(SC1(__NR_alarm, 3), 5);
	assert_int_equal(tp->alarm_ns, t0 + 3 * NSEC_PER_SEC);
	set_action(LSIGALRM, HANDLER, LSA_SIGINFO, 0);
	assert_int_equal(SC1(__NR_pipe, BUF), 0);
	cpu_set_reg(CPU_ESP, SIG_STACK_TOP - 16);
	cpu_set_reg(CPU_EIP, CODE + 0x22);
	SC3(__NR_read, peek32(BUF), BUF + 16, 10);
	assert_int_equal(tp->state, TASK_RUNNING);
	assert_int_equal(tp->alarm_ns, 0);
	assert_true(ktime_get_ns() >= t0 + 3 * NSEC_PER_SEC);
	frame = cpu_get_reg(CPU_ESP);
	assert_int_equal(cpu_get_reg(CPU_EIP), HANDLER);
	assert_int_equal(peek32(frame + RT_INFO), LSIGALRM);
	assert_int_equal(peek32(frame + RT_INFO + 8), LSI_KERNEL);
	assert_int_equal(peek32(frame + RT_UC + UC_MCONTEXT + SC_EAX),
			 (uint32_t)-EINTR);
	/* alarm(0) cancels and says what was left */
	assert_int_equal(SC1(__NR_alarm, 10), 0);
	assert_int_equal(SC1(__NR_alarm, 0), 10);
	assert_int_equal(tp->alarm_ns, 0);
}

/* jmp $: a guest that never calls the kernel still gets its SIGALRM,
 * after the CPU slice in which the virtual clock passed the alarm. */
static void test_alarm_fires_in_a_loop(void **state)
{
	static const uint8_t spin[] = { 0xeb, 0xfe };
	struct cpu_exit ex;
	int slices = 0;

	(void)state;
	map_fixed(CODE, P, PROT_READ | PROT_WRITE | PROT_EXEC);
	poke(CODE, spin, sizeof(spin));
	cpu_set_reg(CPU_EIP, CODE);
	tp->alarm_ns = ktime_get_ns() + 5000 * VCLOCK_NS_PER_BLOCK;
	while (tp->state == TASK_RUNNING && slices < 100) {
		assert_int_equal(cpu_run(1000, &ex), 0);
		assert_int_equal(ex.reason, CPU_EXIT_SLICE);
		signal_cpu_exit(&ex);
		slices++;
	}
	assert_int_equal(slices, 5);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, LSIGALRM);
}

/* ------------------------------------------------ the whole program */

/* i386mm runs sig_guest MODE in a child of the test, as the CLI would. */
static void run_guest(const char *mode, struct guest_run *g)
{
	run_fixture(FIXTURE_SIG_GUEST, mode, RUN_QUANTUM_BLOCKS, 0, g);
}

static void expect_guest(const char *mode, int status, const char *out)
{
	struct guest_run g;

	run_guest(mode, &g);
	if (strcmp(g.out, out) || g.status != status)
		fprintf(stderr, "%s: status %d, stdout:\n%s\nstderr:\n%s\n",
			mode, g.status, g.out, g.err);
	assert_string_equal(g.out, out);
	assert_int_equal(g.status, status);
}

static void test_guest_segv_siglongjmp(void **state)
{
	(void)state;
	expect_guest("segv", 0, "segv 11 code 1 addr ok\n"
				"segv 11 code 2 addr ok hits 2\n");
}

static void test_guest_usr1_siginfo(void **state)
{
	(void)state;
	expect_guest("usr1", 0, "usr1 hits 1 signo 10 code 0 pid self\n");
}

static void test_guest_altstack(void **state)
{
	(void)state;
	expect_guest("altstack", 0, "alt hits 1 on 1 flags 1\n"
				    "main hits 2 on 0 flags 0\n");
}

static void test_guest_mask(void **state)
{
	(void)state;
	expect_guest("mask", 0, "blocked hits 0 pending 1\n"
				"unblocked hits 1 pending 0\n");
}

static void test_guest_fpe(void **state)
{
	(void)state;
	expect_guest("fpe", 0, "fpe 8 code 1 n 7\n");
}

static void test_guest_plain_handler_returns(void **state)
{
	(void)state;
	expect_guest("plain", 0, "plain count 20 a 11111111 b 22222222\n");
}

static void test_guest_alarm_pause(void **state)
{
	(void)state;
	expect_guest("alarm", 128 + 14, "alarm 0\nalarm 5\n"
		     "pause -1 EINTR hits 1 signo 14\n");
}

static void test_guest_default_actions(void **state)
{
	struct guest_run g;

	(void)state;
	expect_guest("pipe", 128 + 13, "writing\n");
	expect_guest("abort", 128 + 6, "");
	expect_guest("term", 128 + 15, "");
	run_guest("null", &g);
	assert_int_equal(g.status, 128 + 11);
	assert_non_null(strstr(g.err, "killed by signal 11 (Segmentation "
				      "fault) at address 0x00000000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rt_frame_and_rt_sigreturn,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigframe_and_sigreturn,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_altstack_frame,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frame_is_sigsegv,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_strace_sigpipe,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_cs_is_sigsegv,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_stack_kills,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_eintr,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_sa_restart,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_read_restart_without_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_runs_handler,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_blocked_kills,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_masks_pending_and_status,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigsuspend,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_alone_is_deadlock,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_call_oneshot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_sigprocmask,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_continue_kill,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_force_ignored,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fork_and_exec,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_alarm_interrupts_read,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_alarm_fires_in_a_loop,
						setup, teardown),
		cmocka_unit_test(test_guest_segv_siglongjmp),
		cmocka_unit_test(test_guest_usr1_siginfo),
		cmocka_unit_test(test_guest_altstack),
		cmocka_unit_test(test_guest_mask),
		cmocka_unit_test(test_guest_fpe),
		cmocka_unit_test(test_guest_plain_handler_returns),
		cmocka_unit_test(test_guest_alarm_pause),
		cmocka_unit_test(test_guest_default_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
