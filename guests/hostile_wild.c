/*
 * hostile_wild CASE [direct] - one wild access, jump or code-page abuse,
 * and what Linux gives a process for it.
 *
 * By default the parent forks a child that does CASE, waits for it and
 * prints its fate ("CASE: killed by signal 11"), then does real work (a
 * checksum of 1 MiB it writes and reads back) and prints that: the other
 * process must be unaffected. With `direct` the process does CASE itself,
 * so the emulator's own exit status must be 128 + the signal.
 *
 * Cases:
 *   null_read, null_write     address 0
 *   kernel_read, kernel_write 0xC0000000 and 0xFFFFF000: supervisor pages
 *   unmapped_read/_write      a page just munmapped
 *   cross_read, cross_write   4 bytes at 2 bytes before the end of a
 *                             mapped page whose next page is unmapped
 *   jump_null, jump_kernel, jump_unmapped
 *   jump_data                 a `ret` in a PROT_READ|PROT_WRITE page: NX
 *   jump_mid_ud2              into the middle of `mov $imm, %eax` whose
 *                             immediate begins with ud2: SIGILL
 *   jump_mid_int3             the same with int3: SIGTRAP
 *   code_write                a store to the program's own text: SIGSEGV
 *   code_rwx                  an anonymous page written, mprotected
 *                             R|X, called; made RWX, rewritten, called
 *                             again: each call must run the new code
 *   jit                       a million different functions written
 *                             into one RWX page and called (exit 0)
 *   jit_flood                 a function of 255 pusha/popa pairs written
 *                             into an RWX page 2600 times and called
 *                             each time: about a gigabyte of translated
 *                             host code, more than the CPU emulator's
 *                             buffer holds (exit 0)
 *   code_patch_text           a page of the program's own text made RWX,
 *                             patched from another page and called
 *   code_patch_page           code made RWX that rewrites a function in
 *                             the page it runs from, then calls it
 *   code_patch_self           code made RWX that rewrites its own next
 *                             instruction, then runs it
 *                             (each exits 0 when the new code ran)
 *   stack_guard               a page mapped 3 MiB below the stack, then
 *                             recursion: the stack may not grow to within
 *                             stack_guard_gap (1 MiB) of it: SIGSEGV
 *                             with the lowest stack page at least 1 MiB
 *                             above it (checked through a shared page)
 *   recursion                 unbounded recursion: SIGSEGV at the 8 MiB
 *                             RLIMIT_STACK, after more than 7 MiB
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile_work.h"

#define PAGE		4096u
#define GUARD_GAP	(256u * PAGE)	/* Linux's stack_guard_gap */

/* The lowest stack address the recursions reached, seen after death. */
static volatile uint32_t *shared_low;

/* mov $0x90900b0f, %eax; ret: at +1, ud2. mov $0x909090cc: int3. */
__asm__(".text\n"
	".globl mid_ud2\n"
	"mid_ud2: .byte 0xb8, 0x0f, 0x0b, 0x90, 0x90\n"
	"	ret\n"
	".globl mid_int3\n"
	"mid_int3: .byte 0xb8, 0xcc, 0x90, 0x90, 0x90\n"
	"	ret\n"
	/* alone in its page: patched by code running elsewhere */
	".p2align 12\n"
	".globl patch_me\n"
	"patch_me: movl $1, %eax\n"
	"	ret\n"
	/* patches its own next instruction, in the page it runs from */
	".p2align 12\n"
	".globl self_patch\n"
	"self_patch: movl $7, 1f + 1\n"
	"1:	movl $1, %eax\n"
	"	ret\n"
	/* patches, then returns to, code in the page it runs from */
	".p2align 12\n"
	".globl page_patch\n"
	"page_patch: movl $7, 2f + 1\n"
	"	ret\n"
	".globl page_patched\n"
	"page_patched:\n"
	"2:	movl $1, %eax\n"
	"	ret\n"
	".p2align 12\n");
extern char mid_ud2[], mid_int3[], patch_me[], self_patch[];
extern char page_patch[], page_patched[];

static void jump(uintptr_t addr)
{
	((void (*)(void))addr)();
}

static void store(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static uint32_t load(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

/* A page mapped and unmapped again: surely nothing there now. */
static uintptr_t unmapped_page(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p, PAGE))
		exit(90);
	return (uintptr_t)p;
}

/* Two pages mapped, the second unmapped: the end of the first. */
static uintptr_t page_before_hole(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p + PAGE, PAGE))
		exit(90);
	p[PAGE - 1] = 1;
	return (uintptr_t)p + PAGE;
}

typedef int (*fn_t)(void);

/* mov $v, %eax; ret */
static void put_code(uint8_t *p, uint32_t v)
{
	p[0] = 0xb8;
	memcpy(p + 1, &v, 4);
	p[5] = 0xc3;
}

static int code_rwx(void)
{
	uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 10;
	put_code(p, 42);
	if (mprotect(p, PAGE, PROT_READ | PROT_EXEC))
		return 11;
	if (((fn_t)p)() != 42)
		return 12;
	if (mprotect(p, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 13;
	put_code(p, 43);
	if (((fn_t)p)() != 43)
		return 14;
	return 0;
}

/* A page a JIT writes its code into, or NULL. */
static uint8_t *rwx_page(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A JIT: a million different functions written into one RWX page and
 * run, each a new translation for the CPU emulator. Its host memory
 * must stay bounded (tests/guests/maxrss.c).
 */
static int jit(void)
{
	uint8_t *p = rwx_page();
	uint32_t i, off;

	if (!p)
		return 10;
	for (i = 0; i < 1000000; i++) {
		off = (i * 8) % (PAGE - 8);
		put_code(p + off, i);
		if ((uint32_t)((fn_t)(p + off))() != i)
			return 11;
	}
	return 0;
}

/*
 * Each rewrite of the page drops its translations and each call
 * translates the function again: 255 pusha/popa pairs make about 400 KiB
 * of host code a time, so the translation buffer (1 GiB in Unicorn
 * 2.0.1) fills and must be flushed while the guest goes on
 * (src/cpu/tbcache.c; tests/guests/maxrss.c bounds the host memory).
 */
static int jit_flood(void)
{
	uint8_t *p = rwx_page();
	unsigned i, k;

	if (!p)
		return 10;
	for (i = 0; i < 2600; i++) {
		for (k = 0; k < 255; k++) {
			p[2 * k] = 0x60;	/* pusha */
			p[2 * k + 1] = 0x61;	/* popa */
		}
		p[510] = 0xc3;			/* ret */
		((void (*)(void))p)();
	}
	return 0;
}

/* The program's own text, made writable, patched by other code. */
static int code_patch_text(void)
{
	if (((fn_t)patch_me)() != 1)
		return 15;
	if (mprotect(patch_me, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 16;
	put_code((uint8_t *)patch_me, 7);
	if (((fn_t)patch_me)() != 7)
		return 17;
	return 0;
}

/* Code that rewrites a function in the page it is running from. */
static int code_patch_page(void)
{
	if (mprotect(page_patch, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 18;
	((void (*)(void))page_patch)();
	return ((fn_t)page_patched)() == 7 ? 0 : 19;
}

/* Code that rewrites its own next instruction. */
static int code_patch_self(void)
{
	if (mprotect(self_patch, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 18;
	return ((fn_t)self_patch)() == 7 ? 0 : 19;
}

/* Frames of about 4 KiB, each touched, the lowest noted. */
static int recurse_page(int depth)
{
	volatile char buf[4000];

	buf[0] = (char)depth;
	*shared_low = (uint32_t)(uintptr_t)buf;
	if (shared_low[2])	/* never set: the recursion has no end */
		return depth;
	return recurse_page(depth + 1) + buf[0];
}

static void stack_guard(void)
{
	uintptr_t sp = (uintptr_t)&sp & ~(uintptr_t)(PAGE - 1);
	uintptr_t below = (sp & ~(uintptr_t)0xfffff) - 0x300000;
	void *p = mmap((void *)below, PAGE, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p != (void *)below)
		exit(91);
	shared_low[1] = (uint32_t)below + PAGE;	/* the mapping's end */
	recurse_page(0);
}

static void recursion(void)
{
	volatile char here;

	shared_low[1] = (uint32_t)(uintptr_t)&here;	/* near the top */
	recurse_page(0);
}

static int run_case(const char *name)
{
	static const uintptr_t kernel = 0xC0000000u, kernel_top = 0xFFFFF000u;

	if (!strcmp(name, "null_read"))
		return (int)load(0);
	if (!strcmp(name, "null_write"))
		store(0, 1);
	else if (!strcmp(name, "kernel_read"))
		return (int)load(kernel);
	else if (!strcmp(name, "kernel_write"))
		store(kernel_top, 1);
	else if (!strcmp(name, "unmapped_read"))
		return (int)load(unmapped_page());
	else if (!strcmp(name, "unmapped_write"))
		store(unmapped_page(), 1);
	else if (!strcmp(name, "cross_read"))
		return (int)load(page_before_hole() - 2);
	else if (!strcmp(name, "cross_write"))
		store(page_before_hole() - 2, 0x01020304);
	else if (!strcmp(name, "jump_null"))
		jump(0);
	else if (!strcmp(name, "jump_kernel"))
		jump(kernel);
	else if (!strcmp(name, "jump_unmapped"))
		jump(unmapped_page());
	else if (!strcmp(name, "jump_data")) {
		uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 90;
		p[0] = 0xc3;	/* ret */
		jump((uintptr_t)p);
	} else if (!strcmp(name, "jump_mid_ud2"))
		jump((uintptr_t)mid_ud2 + 1);
	else if (!strcmp(name, "jump_mid_int3"))
		jump((uintptr_t)mid_int3 + 1);
	else if (!strcmp(name, "code_write"))
		store((uintptr_t)patch_me, 0xc3c3c3c3);
	else if (!strcmp(name, "code_rwx"))
		return code_rwx();
	else if (!strcmp(name, "jit"))
		return jit();
	else if (!strcmp(name, "jit_flood"))
		return jit_flood();
	else if (!strcmp(name, "code_patch_text"))
		return code_patch_text();
	else if (!strcmp(name, "code_patch_page"))
		return code_patch_page();
	else if (!strcmp(name, "code_patch_self"))
		return code_patch_self();
	else if (!strcmp(name, "stack_guard"))
		stack_guard();
	else if (!strcmp(name, "recursion"))
		recursion();
	else
		return 99;
	return 98;	/* survived what should have killed it */
}

/* What the shared page says of the stack's last frame, for the parent. */
static void report_stack(const char *name)
{
	uint32_t low = shared_low[0], end = shared_low[1];

	if (!strcmp(name, "stack_guard"))
		printf("stack_guard: the stack stopped %s\n",
		       low >= end + GUARD_GAP && low < end + GUARD_GAP + 8192
		       ? "just above the 1 MiB guard gap" :
		       "in the wrong place");
	else if (!strcmp(name, "recursion"))
		printf("recursion: %s\n",
		       end - low > (7u << 20) && end - low <= (8u << 20)
		       ? "more than 7 MiB of stack, at most 8" :
		       "the wrong amount of stack");
}

/* Real work after the child's death: 1 MiB written and summed. */
int main(int argc, char **argv)
{
	struct rlimit rl = { 8u << 20, 8u << 20 };
	int status;
	pid_t pid;

	if (argc < 2 || argc > 3 ||
	    (argc == 3 && strcmp(argv[2], "direct"))) {
		fprintf(stderr, "usage: hostile_wild CASE [direct]\n");
		return 2;
	}
	setrlimit(RLIMIT_STACK, &rl);	/* the host's may be larger */
	shared_low = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared_low == MAP_FAILED)
		return 3;
	shared_low[0] = 0;	/* faulted before fork: see the report */
	if (argc == 3) {
		printf("%s: direct\n", argv[1]);
		fflush(stdout);
		return run_case(argv[1]);
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 4;
	if (pid == 0)
		_exit(run_case(argv[1]));
	if (waitpid(pid, &status, 0) != pid)
		return 5;
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", argv[1], WTERMSIG(status));
	else
		printf("%s: exited %d\n", argv[1], WEXITSTATUS(status));
	report_stack(argv[1]);
	printf("work: checksum %08x\n", work());
	return 0;
}
