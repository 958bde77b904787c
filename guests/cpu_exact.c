/*
 * cpu_exact: the CPU goes on exactly where the memory manager stopped it.
 * Each case runs instructions that must run once, next to an access the
 * emulator has to serve in the middle of a block, and checks their count.
 *
 *   cpu_exact jit_evict    a store into each of 64 fresh RWX pages, each
 *                          entering the iTLB and evicting another page
 *                          (run with a small iTLB), then a call into it
 *   cpu_exact cow_self     code in a private RWX page, shared with a child
 *                          by fork, stores into its own page: the child's
 *                          copy-on-write moves the page it runs from to a
 *                          new frame in the middle of the block; the flags
 *                          of the compare before the store must survive
 *   cpu_exact segv_resume  a store and a load that fault in read-only and
 *                          unreadable pages; the SIGSEGV handler sees the
 *                          faulting instruction's EIP, makes the page
 *                          accessible and returns, and the access runs again
 *
 * The same output natively and under i386mm.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096u

static uint8_t *rwx_page(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int jit_evict(void)
{
	uint32_t ecx = 0, i;

	for (i = 0; i < 64; i++) {
		uint8_t *p = rwx_page();

		if (!p)
			return 1;
		/* one block: count, store ret, count */
		__asm__ volatile("incl %0\n\tmovb $0xc3, (%1)\n\tincl %0"
				 : "+c"(ecx) : "r"(p) : "memory");
		((void (*)(void))p)();
	}
	printf("jit_evict: 64 pages, ecx %u\n", ecx);
	return ecx != 128;
}

/*
 * inc ecx; cmp eax, ebx; mov [edx], cl; setc al; movzx eax, al; ret
 * With eax 1 and ebx 2 the compare borrows: CF must reach setc.
 */
static const uint8_t cow_code[] = {
	0x41, 0x39, 0xd8, 0x88, 0x0a, 0x0f, 0x92, 0xc0, 0x0f, 0xb6, 0xc0, 0xc3
};

static uint32_t run_cow_code(uint8_t *p, uint32_t *ecx)
{
	uint32_t eax = 1, ebx = 2, c = 0;

	__asm__ volatile("call *%4"
			 : "+a"(eax), "+b"(ebx), "+c"(c)
			 : "d"(p + 0x800), "r"(p) : "memory", "cc");
	*ecx = c;
	return eax;
}

static int cow_self(void)
{
	uint8_t *p = rwx_page();
	uint32_t cf, ecx;
	int status;
	pid_t pid;

	if (!p)
		return 1;
	memcpy(p, cow_code, sizeof(cow_code));
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		cf = run_cow_code(p, &ecx);
		printf("cow_self: child: CF %u, ecx %u, its byte %u\n",
		       cf, ecx, p[0x800]);
		fflush(stdout);
		_exit(cf != 1 || ecx != 1 || p[0x800] != 1);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 3;
	printf("cow_self: parent: byte %u after the child\n", p[0x800]);
	cf = run_cow_code(p, &ecx);
	printf("cow_self: parent: CF %u, ecx %u, its byte %u\n",
	       cf, ecx, p[0x800]);
	return !WIFEXITED(status) || WEXITSTATUS(status) || cf != 1 ||
	       ecx != 1;
}

extern const char store_insn[], load_insn[];
static volatile uint32_t handler_eip, handler_hits;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uintptr_t page = (uintptr_t)si->si_addr & ~(uintptr_t)(PAGE - 1);

	(void)sig;
	handler_hits++;
	handler_eip = (uint32_t)uc->uc_mcontext.gregs[REG_EIP];
	mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE);
}

static __attribute__((noinline)) int segv_resume(void)
{
	struct sigaction sa;
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t cnt = 0, v = 0;
	int bad = 0;

	if (p == MAP_FAILED || mprotect(p + PAGE, PAGE, PROT_NONE))
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	__asm__ volatile("incl %0\n"
			 ".globl store_insn\nstore_insn: movb $5, (%2)\n\t"
			 "incl %0"
			 : "+r"(cnt) : "r"(v), "r"(p) : "memory");
	bad |= handler_eip != (uint32_t)(uintptr_t)store_insn;
	printf("segv_resume: store: %u faults, count %u, byte %u, %s EIP\n",
	       handler_hits, cnt, p[0],
	       handler_eip == (uint32_t)(uintptr_t)store_insn ? "the store's"
							       : "a wrong");
	__asm__ volatile("incl %0\n"
			 ".globl load_insn\nload_insn: movl (%2), %1\n\t"
			 "incl %0"
			 : "+r"(cnt), "+r"(v) : "r"(p + PAGE) : "memory");
	bad |= handler_eip != (uint32_t)(uintptr_t)load_insn;
	printf("segv_resume: load: %u faults, count %u, value %u, %s EIP\n",
	       handler_hits, cnt, v,
	       handler_eip == (uint32_t)(uintptr_t)load_insn ? "the load's"
							     : "a wrong");
	return bad || handler_hits != 2 || cnt != 4 || p[0] != 5 || v != 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cpu_exact jit_evict|cow_self|segv_resume\n");
		return 2;
	}
	if (!strcmp(argv[1], "jit_evict"))
		return jit_evict();
	if (!strcmp(argv[1], "cow_self"))
		return cow_self();
	if (!strcmp(argv[1], "segv_resume"))
		return segv_resume();
	fprintf(stderr, "cpu_exact: no case %s\n", argv[1]);
	return 2;
}
