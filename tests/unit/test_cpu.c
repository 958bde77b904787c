/*
 * test_cpu.c - the Unicorn glue on a real address space: hand-assembled
 * i386 snippets (the source is above each byte array) run at CPL 3 in an
 * mm built with do_mmap_pgoff, with every data access translated by our
 * MMU through the MMIO windows and every code page mapped through the
 * iTLB. Each test checks registers and guest memory after the run, or
 * the signal and address that killed the guest; the teardown checks that
 * every frame came back.
 *
 * Layout of every test's mm: code at CODE (4 pages, copied in and then
 * made read+exec), data at DATA (8 pages, read+write), one read-only
 * page at RO, and a 64 KiB stack below STACK_TOP. Snippets end with
 * exit (eax = 1; int $0x80), which the syscall handler turns into a stop.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu.h"
#include "gfp.h"
#include "mm.h"
#include "mmu.h"
#include "page.h"
#include "slab.h"
#include "../../src/cpu/cpu_internal.h"	/* window_pages_unmapped */

#define CODE		0x08048000u
#define CODE_PAGES	4
#define DATA		0x10000000u
#define DATA_PAGES	8
#define RO		0x20000000u
#define FAR_CODE	0x08100000u	/* the iTLB eviction test's pages */
#define NEW_CODE	0x40000000u	/* mapped by a syscall */
#define STACK_SIZE	(64u << 10)
#define PRIV		(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define RX		(PROT_READ | PROT_EXEC)
#define RWX		(PROT_READ | PROT_WRITE | PROT_EXEC)
#define BUDGET		1000000u

#define NR_EXIT		1
#define NR_PROBE	200	/* records the registers, returns 42 */
#define NR_NEWCODE	201	/* maps code at NEW_CODE and jumps there */

static struct mmu mmu;
static struct mm_struct *mm;
static uint32_t probe[CPU_NR_REGS];
static int probes, exits, newcode_tells_cpu;

/* ------------------------------------------------------------ snippets */
/*
 *	mov $0x10000000,%esi
 *	movb $0x11,(%esi)
 *	movw $0x2233,2(%esi)
 *	movl $0x44556677,4(%esi)
 *	movl $0x8899aabb,8(%esi)
 *	movl $0xccddeeff,12(%esi)
 *	movq 8(%esi),%mm0
 *	movq %mm0,16(%esi)
 *	emms
 *	movzbl (%esi),%ebx
 *	movzwl 2(%esi),%ecx
 *	mov 4(%esi),%edx
 *	mov 20(%esi),%edi
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t loads_stores[] = {
	0xbe, 0x00, 0x00, 0x00, 0x10, 0xc6, 0x06, 0x11, 0x66, 0xc7, 0x46, 0x02,
	0x33, 0x22, 0xc7, 0x46, 0x04, 0x77, 0x66, 0x55, 0x44, 0xc7, 0x46, 0x08,
	0xbb, 0xaa, 0x99, 0x88, 0xc7, 0x46, 0x0c, 0xff, 0xee, 0xdd, 0xcc, 0x0f,
	0x6f, 0x46, 0x08, 0x0f, 0x7f, 0x46, 0x10, 0x0f, 0x77, 0x0f, 0xb6, 0x1e,
	0x0f, 0xb7, 0x4e, 0x02, 0x8b, 0x56, 0x04, 0x8b, 0x7e, 0x14, 0xb8, 0x01,
	0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $0x10000ffe,%esi
 *	movl $0xa1b2c3d4,(%esi)
 *	mov (%esi),%ebx
 *	mov $0x10001ffc,%edi
 *	movq (%edi),%mm1
 *	movq %mm1,0x10002ffa
 *	emms
 *	movzwl 0x10002ffe,%ecx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t crossing[] = {
	0xbe, 0xfe, 0x0f, 0x00, 0x10, 0xc7, 0x06, 0xd4, 0xc3, 0xb2, 0xa1, 0x8b,
	0x1e, 0xbf, 0xfc, 0x1f, 0x00, 0x10, 0x0f, 0x6f, 0x0f, 0x0f, 0x7f, 0x0d,
	0xfa, 0x2f, 0x00, 0x10, 0x0f, 0x77, 0x0f, 0xb7, 0x0d, 0xfe, 0x2f, 0x00,
	0x10, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov %esp,%ebp
 *	call 1f
 *	mov $0x77,%ecx
 *	mov %esp,%edx
 *	mov $1,%eax
 *	int $0x80
 *	1: push $0x1234
 *	pop %ebx
 *	ret
 */
static const uint8_t call_ret[] = {
	0x89, 0xe5, 0xe8, 0x0e, 0x00, 0x00, 0x00, 0xb9, 0x77, 0x00, 0x00, 0x00,
	0x89, 0xe2, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80, 0x68, 0x34, 0x12,
	0x00, 0x00, 0x5b, 0xc3,
};

/*
 *	cld
 *	mov $0x10000f00,%esi
 *	mov $0x10002f80,%edi
 *	mov $512,%ecx
 *	rep movsb
 *	mov $0x10004ff0,%edi
 *	mov $0xdeadbeef,%eax
 *	mov $16,%ecx
 *	rep stosl
 *	mov %edi,%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t rep[] = {
	0xfc, 0xbe, 0x00, 0x0f, 0x00, 0x10, 0xbf, 0x80, 0x2f, 0x00, 0x10, 0xb9,
	0x00, 0x02, 0x00, 0x00, 0xf3, 0xa4, 0xbf, 0xf0, 0x4f, 0x00, 0x10, 0xb8,
	0xef, 0xbe, 0xad, 0xde, 0xb9, 0x10, 0x00, 0x00, 0x00, 0xf3, 0xab, 0x89,
	0xfb, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $0x10000000,%esi
 *	movl $5,(%esi)
 *	mov $5,%eax
 *	mov $9,%ecx
 *	lock cmpxchg %ecx,(%esi)
 *	setz %dl
 *	mov $5,%eax
 *	mov $7,%ecx
 *	lock cmpxchg %ecx,(%esi)
 *	setz %dh
 *	mov %eax,%edi
 *	mov (%esi),%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t cmpxchg[] = {
	0xbe, 0x00, 0x00, 0x00, 0x10, 0xc7, 0x06, 0x05, 0x00, 0x00, 0x00, 0xb8,
	0x05, 0x00, 0x00, 0x00, 0xb9, 0x09, 0x00, 0x00, 0x00, 0xf0, 0x0f, 0xb1,
	0x0e, 0x0f, 0x94, 0xc2, 0xb8, 0x05, 0x00, 0x00, 0x00, 0xb9, 0x07, 0x00,
	0x00, 0x00, 0xf0, 0x0f, 0xb1, 0x0e, 0x0f, 0x94, 0xc6, 0x89, 0xc7, 0x8b,
	0x1e, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $0x10000000,%esi
 *	fldl (%esi)
 *	fadd %st(0),%st(0)
 *	fstpl 8(%esi)
 *	fldl 0x10000ffc
 *	fstpl 0x10001ffc
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t x87[] = {
	0xbe, 0x00, 0x00, 0x00, 0x10, 0xdd, 0x06, 0xd8, 0xc0, 0xdd, 0x5e, 0x08,
	0xdd, 0x05, 0xfc, 0x0f, 0x00, 0x10, 0xdd, 0x1d, 0xfc, 0x1f, 0x00, 0x10,
	0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $0x10000ff8,%esi
 *	movdqu (%esi),%xmm0
 *	movdqu %xmm0,0x10002ffa
 *	movd %xmm0,%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t sse[] = {
	0xbe, 0xf8, 0x0f, 0x00, 0x10, 0xf3, 0x0f, 0x6f, 0x06, 0xf3, 0x0f, 0x7f,
	0x05, 0xfa, 0x2f, 0x00, 0x10, 0x66, 0x0f, 0x7e, 0xc3, 0xb8, 0x01, 0x00,
	0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $0x11111111,%ebx
 *	mov $0x22222222,%ecx
 *	mov $0x33333333,%edx
 *	mov $0x44444444,%esi
 *	mov $0x55555555,%edi
 *	mov $0x66666666,%ebp
 *	mov $200,%eax
 *	int $0x80
 *	mov %eax,%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t syscall_regs[] = {
	0xbb, 0x11, 0x11, 0x11, 0x11, 0xb9, 0x22, 0x22, 0x22, 0x22, 0xba, 0x33,
	0x33, 0x33, 0x33, 0xbe, 0x44, 0x44, 0x44, 0x44, 0xbf, 0x55, 0x55, 0x55,
	0x55, 0xbd, 0x66, 0x66, 0x66, 0x66, 0xb8, 0xc8, 0x00, 0x00, 0x00, 0xcd,
	0x80, 0x89, 0xc3, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	movl $1,0x20000000
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t write_ro[] = {
	0xc7, 0x05, 0x00, 0x00, 0x00, 0x20, 0x01, 0x00, 0x00, 0x00, 0xb8, 0x01,
	0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov 0xc0000000,%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t read_kernel[] = {
	0x8b, 0x1d, 0x00, 0x00, 0x00, 0xc0, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd,
	0x80,
};

/*
 *	mov 0xffc00000,%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t read_gdt[] = {
	0x8b, 0x1d, 0x00, 0x00, 0xc0, 0xff, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd,
	0x80,
};

/*
 *	mov $0x30000000,%eax
 *	jmp *%eax
 */
static const uint8_t jump_unmapped[] = {
	0xb8, 0x00, 0x00, 0x00, 0x30, 0xff, 0xe0,
};

/*
 *	mov $0x10000000,%eax
 *	jmp *%eax
 */
static const uint8_t jump_data[] = {
	0xb8, 0x00, 0x00, 0x00, 0x10, 0xff, 0xe0,
};

/*
 *	nop
 *	ud2
 */
static const uint8_t ud2[] = {
	0x90, 0x0f, 0x0b,
};

/*
 *	mov $7,%eax
 *	xor %edx,%edx
 *	xor %ecx,%ecx
 *	div %ecx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t div0[] = {
	0xb8, 0x07, 0x00, 0x00, 0x00, 0x31, 0xd2, 0x31, 0xc9, 0xf7, 0xf1, 0xb8,
	0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	movb $0x77,0x0804800a
 *	jmp 1f
 *	1: mov $0x11,%bl
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t smc[] = {
	0xc6, 0x05, 0x0a, 0x80, 0x04, 0x08, 0x77, 0xeb, 0x00, 0xb3, 0x11, 0xb8,
	0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov %gs:0x0,%ebx
 *	mov $0x33,%eax
 *	mov %eax,%fs
 *	mov %fs:4,%ecx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t tls[] = {
	0x65, 0x8b, 0x1d, 0x00, 0x00, 0x00, 0x00, 0xb8, 0x33, 0x00, 0x00, 0x00,
	0x8e, 0xe0, 0x64, 0x8b, 0x0d, 0x04, 0x00, 0x00, 0x00, 0xb8, 0x01, 0x00,
	0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $100,%ecx
 *	1: dec %ecx
 *	jnz 1b
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t loop[] = {
	0xb9, 0x64, 0x00, 0x00, 0x00, 0x49, 0x75, 0xfd, 0xb8, 0x01, 0x00, 0x00,
	0x00, 0xcd, 0x80,
};

/*
 *	mov $0x10000000,%esi
 *	mov $1000,%ecx
 *	1: mov (%esi),%eax
 *	mov %eax,0x1000(%esi)
 *	dec %ecx
 *	jnz 1b
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t two_pages[] = {
	0xbe, 0x00, 0x00, 0x00, 0x10, 0xb9, 0xe8, 0x03, 0x00, 0x00, 0x8b, 0x06,
	0x89, 0x86, 0x00, 0x10, 0x00, 0x00, 0x49, 0x75, 0xf5, 0xb8, 0x01, 0x00,
	0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov 0x08048800,%ebx
 *	movl $1,0x08048800
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t read_text[] = {
	0x8b, 0x1d, 0x00, 0x88, 0x04, 0x08, 0xc7, 0x05, 0x00, 0x88, 0x04, 0x08,
	0x01, 0x00, 0x00, 0x00, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/*
 *	mov $201,%eax
 *	int $0x80
 *	ud2
 */
static const uint8_t call201[] = {
	0xb8, 0xc9, 0x00, 0x00, 0x00, 0xcd, 0x80, 0x0f, 0x0b,
};

/*
 *	mov 0x08049000,%ebx
 *	movl $0x90c3c031,0x08049000	(xor %eax,%eax; ret; nop)
 *	mov $5,%eax
 *	mov $0x08049000,%edx
 *	call *%edx
 *	mov %eax,%ecx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t cow[] = {
	0x8b, 0x1d, 0x00, 0x90, 0x04, 0x08, 0xc7, 0x05, 0x00, 0x90, 0x04, 0x08,
	0x31, 0xc0, 0xc3, 0x90, 0xb8, 0x05, 0x00, 0x00, 0x00, 0xba, 0x00, 0x90,
	0x04, 0x08, 0xff, 0xd2, 0x89, 0xc1, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd,
	0x80,
};

/*
 *	xor %ebx,%ebx
 *	mov $1,%eax
 *	int $0x80
 */
static const uint8_t exit_zero[] = {
	0x31, 0xdb, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x80,
};

/* ------------------------------------------------------------- helpers */

static void poke(uint32_t addr, const void *buf, uint32_t len)
{
	assert_int_equal(access_process_vm(mm, addr, (void *)buf, len, 1),
			 (int)len);
}

static void peek(uint32_t addr, void *buf, uint32_t len)
{
	assert_int_equal(access_process_vm(mm, addr, buf, len, 0), (int)len);
}

static uint32_t peek32(uint32_t addr)
{
	uint32_t v;

	peek(addr, &v, 4);
	return v;
}

static void map_fixed(uint32_t addr, uint32_t len, int prot)
{
	assert_int_equal(do_mmap_pgoff(mm, addr, len, prot, PRIV, 0, NULL,
				       NULL), addr);
}

/* Copy code in while writable, then give it its final protection. */
static void load_at(uint32_t addr, uint32_t pages, const void *code,
		    uint32_t len, int prot)
{
	poke(addr, code, len);
	assert_int_equal(do_mprotect(mm, addr, pages * PAGE_SIZE, prot), 0);
	cpu_mm_layout_changed();
}

static int syscall_handler(void *opaque)
{
	uint32_t nr = cpu_get_reg(CPU_EAX);
	static const uint8_t newcode[] = {
		0xbb, 0x5a, 0x00, 0x00, 0x00,	/* mov $0x5a,%ebx */
		0xb8, 0x01, 0x00, 0x00, 0x00,	/* mov $1,%eax */
		0xcd, 0x80,			/* int $0x80 */
	};
	int r;

	(void)opaque;
	switch (nr) {
	case NR_EXIT:
		exits++;
		return CPU_SYSCALL_STOP;
	case NR_PROBE:
		for (r = 0; r < CPU_NR_REGS; r++)
			probe[r] = cpu_get_reg((enum cpu_reg)r);
		probes++;
		cpu_set_reg(CPU_EAX, 42);
		return CPU_SYSCALL_CONTINUE;
	case NR_NEWCODE:
		map_fixed(NEW_CODE, PAGE_SIZE, RWX);
		poke(NEW_CODE, newcode, sizeof(newcode));
		assert_int_equal(do_mprotect(mm, NEW_CODE, PAGE_SIZE, RX), 0);
		if (newcode_tells_cpu)
			cpu_mm_layout_changed();
		cpu_set_reg(CPU_EIP, NEW_CODE);
		return CPU_SYSCALL_CONTINUE;
	default:
		cpu_set_reg(CPU_EAX, (uint32_t)-ENOSYS);
		return CPU_SYSCALL_CONTINUE;
	}
}

static struct cpu_exit run_from(uint32_t eip, uint64_t budget)
{
	struct cpu_exit ex;

	assert_int_equal(cpu_set_reg(CPU_EIP, eip), 0);
	assert_int_equal(cpu_run(budget, &ex), 0);
	return ex;
}

static struct cpu_exit run_code(const uint8_t *code, uint32_t len, int prot)
{
	load_at(CODE, CODE_PAGES, code, len, prot);
	return run_from(CODE, BUDGET);
}

#define RUN(code)	run_code(code, sizeof(code), RX)

static void assert_exited(struct cpu_exit ex)
{
	assert_int_equal(ex.reason, CPU_EXIT_SYSCALL);
	assert_int_equal(exits, 1);
}

static void assert_killed(struct cpu_exit ex, int sig, uint32_t addr)
{
	assert_int_equal(ex.reason, CPU_EXIT_SIGNAL);
	assert_int_equal(ex.signal, sig);
	assert_int_equal(ex.fault_addr, addr);
	assert_int_equal(exits, 0);
}

/* Offset just past the first int $0x80 of a snippet. */
static uint32_t after_int80(const uint8_t *code, uint32_t len)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i++)
		if (code[i] == 0xcd && code[i + 1] == 0x80)
			return i + 2;
	fail();
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (mem_init(64u << 20))
		return -1;
	if (mmu_init(&mmu, ITLB_DEFAULT_ENTRIES, ITLB_DEFAULT_WAYS,
		     DTLB_DEFAULT_ENTRIES, DTLB_DEFAULT_WAYS))
		return -1;
	current_mmu = &mmu;
	if (cpu_init(&mmu))
		return -1;
	mm = mm_alloc();
	if (!mm)
		return -1;
	cpu_set_mm(mm);
	cpu_set_syscall_handler(syscall_handler, NULL);
	map_fixed(CODE, CODE_PAGES * PAGE_SIZE, RWX);
	map_fixed(DATA, DATA_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE);
	map_fixed(RO, PAGE_SIZE, PROT_READ);
	if (setup_arg_pages(mm, STACK_SIZE, 0))
		return -1;
	cpu_set_reg(CPU_ESP, STACK_TOP - 64);
	probes = exits = newcode_tells_cpu = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cpu_destroy();
	switch_mm(NULL);
	mmput(mm);
	mm = NULL;
	mmu_destroy(&mmu);
	current_mmu = NULL;
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	mem_exit();
	return 0;
}

/* --------------------------------------------------------------- tests */

static void test_loads_stores(void **state)
{
	static const uint8_t want[8] = { 0xbb, 0xaa, 0x99, 0x88,
					 0xff, 0xee, 0xdd, 0xcc };
	uint8_t got[8];

	(void)state;
	assert_exited(RUN(loads_stores));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0x11);
	assert_int_equal(cpu_get_reg(CPU_ECX), 0x2233);
	assert_int_equal(cpu_get_reg(CPU_EDX), 0x44556677);
	assert_int_equal(cpu_get_reg(CPU_EDI), 0xccddeeff);
	peek(DATA + 16, got, 8);
	assert_memory_equal(got, want, 8);
	assert_true(cpu_get_stats()->data_writes >= 6);
}

static void test_access_crossing_pages(void **state)
{
	static const uint8_t src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t le[4] = { 0xd4, 0xc3, 0xb2, 0xa1 };
	uint8_t got[8];

	(void)state;
	poke(DATA + 0x1ffc, src, 8);
	assert_exited(RUN(crossing));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0xa1b2c3d4);
	peek(DATA + 0xffe, got, 4);
	assert_memory_equal(got, le, 4);
	peek(DATA + 0x2ffa, got, 8);
	assert_memory_equal(got, src, 8);
	assert_int_equal(cpu_get_reg(CPU_ECX), 0x0605);
}

static void test_push_call_ret(void **state)
{
	(void)state;
	assert_exited(RUN(call_ret));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0x1234);
	assert_int_equal(cpu_get_reg(CPU_ECX), 0x77);
	assert_int_equal(cpu_get_reg(CPU_EDX), STACK_TOP - 64);
	/* the return address went through the stack's window */
	assert_int_equal(peek32(STACK_TOP - 68), CODE + 7);
}

static void test_rep_movs_stos(void **state)
{
	uint8_t pat[512], got[512];
	uint32_t words[16];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)(i * 7 + 3);
	poke(DATA + 0xf00, pat, sizeof(pat));
	assert_exited(RUN(rep));
	peek(DATA + 0x2f80, got, sizeof(got));
	assert_memory_equal(got, pat, sizeof(pat));
	peek(DATA + 0x4ff0, words, sizeof(words));
	for (i = 0; i < 16; i++)
		assert_int_equal(words[i], 0xdeadbeef);
	assert_int_equal(cpu_get_reg(CPU_EBX), DATA + 0x5030);
}

static void test_lock_cmpxchg(void **state)
{
	(void)state;
	assert_exited(RUN(cmpxchg));
	assert_int_equal(cpu_get_reg(CPU_EBX), 9);	/* first swapped */
	assert_int_equal(cpu_get_reg(CPU_EDX) & 0xffff, 0x0001);
	assert_int_equal(cpu_get_reg(CPU_EDI), 9);	/* second loaded */
}

static void test_x87_qword(void **state)
{
	double in = 3.25, cross = -1.5, out;

	(void)state;
	poke(DATA, &in, 8);
	poke(DATA + 0xffc, &cross, 8);
	assert_exited(RUN(x87));
	peek(DATA + 8, &out, 8);
	assert_true(out == 6.5);
	peek(DATA + 0x1ffc, &out, 8);
	assert_true(out == -1.5);
}

static void test_sse_movdqu(void **state)
{
	uint8_t pat[16], got[16];
	unsigned i;

	(void)state;
	for (i = 0; i < 16; i++)
		pat[i] = (uint8_t)(0xa0 + i);
	poke(DATA + 0xff8, pat, 16);
	assert_exited(RUN(sse));
	peek(DATA + 0x2ffa, got, 16);
	assert_memory_equal(got, pat, 16);
	assert_int_equal(cpu_get_reg(CPU_EBX), 0xa3a2a1a0);
}

static void test_int80_reaches_handler(void **state)
{
	(void)state;
	assert_exited(RUN(syscall_regs));
	assert_int_equal(probes, 1);
	assert_int_equal(probe[CPU_EAX], NR_PROBE);
	assert_int_equal(probe[CPU_EBX], 0x11111111);
	assert_int_equal(probe[CPU_ECX], 0x22222222);
	assert_int_equal(probe[CPU_EDX], 0x33333333);
	assert_int_equal(probe[CPU_ESI], 0x44444444);
	assert_int_equal(probe[CPU_EDI], 0x55555555);
	assert_int_equal(probe[CPU_EBP], 0x66666666);
	assert_int_equal(probe[CPU_EIP],
			 CODE + after_int80(syscall_regs, sizeof(syscall_regs)));
	assert_int_equal(probe[CPU_CS], __USER_CS);
	assert_int_equal(probe[CPU_SS], __USER_DS);
	assert_int_equal(cpu_get_reg(CPU_EBX), 42);	/* the result */
	assert_int_equal(cpu_get_stats()->syscalls, 2);
}

static void test_write_readonly_page_sigsegv(void **state)
{
	(void)state;
	assert_killed(RUN(write_ro), SIGSEGV, RO);
	assert_int_equal(peek32(RO), 0);
}

static void test_read_kernel_half_sigsegv(void **state)
{
	(void)state;
	assert_killed(RUN(read_kernel), SIGSEGV, 0xc0000000u);
}

static void test_read_gdt_page_sigsegv(void **state)
{
	struct cpu_exit ex;

	(void)state;
	ex = RUN(read_gdt);
	assert_killed(ex, SIGSEGV, 0xffc00000u);
	assert_int_equal(ex.trapno, 14);
}

static void test_jump_unmapped_sigsegv(void **state)
{
	(void)state;
	assert_killed(RUN(jump_unmapped), SIGSEGV, 0x30000000u);
}

static void test_jump_into_data_sigsegv(void **state)
{
	(void)state;
	assert_killed(RUN(jump_data), SIGSEGV, DATA);
}

static void test_ud2_sigill(void **state)
{
	struct cpu_exit ex;

	(void)state;
	ex = RUN(ud2);
	assert_killed(ex, SIGILL, 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE + 1);
}

static void test_divide_by_zero_sigfpe(void **state)
{
	struct cpu_exit ex;

	(void)state;
	ex = RUN(div0);
	assert_killed(ex, SIGFPE, 0);
	assert_int_equal(ex.trapno, 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE + 9);	/* the div */
}

static void test_read_text_then_write_it(void **state)
{
	static const uint32_t constant = 0x600dc0de;

	(void)state;
	poke(CODE + 0x800, &constant, 4);
	assert_killed(RUN(read_text), SIGSEGV, CODE + 0x800);
	assert_int_equal(cpu_get_reg(CPU_EBX), constant);
	assert_int_equal(peek32(CODE + 0x800), constant);
}

/*
 * Code in a writable exec mapping patches the immediate of an instruction
 * it then jumps to. (A patch to the block being run shows from the next
 * block on: Unicorn 2.0.1 does not retranslate the running block, as
 * pre-P6 x86 needed a jump after self-modification.)
 */
static void test_self_modifying_code(void **state)
{
	(void)state;
	assert_exited(run_code(smc, sizeof(smc), RWX));
	assert_int_equal(cpu_get_reg(CPU_EBX) & 0xff, 0x77);
	assert_int_equal((peek32(CODE + 8) >> 16) & 0xff, 0x77); /* patched */
}

/*
 * The second page of a writable exec mapping is first read (the zero
 * page, mapped read+exec through the iTLB), then written: the write
 * finds a read-only RAM page (UC_HOOK_MEM_WRITE_PROT), do_page_fault
 * copies on write, the page's view moves to the new frame, which is
 * mapped read+write+exec, and the code written there runs.
 */
static void test_write_to_code_page_copies_on_write(void **state)
{
	const struct cpu_stats *st = cpu_get_stats();
	uint64_t moved = st->code_pages_moved;

	(void)state;
	assert_exited(run_code(cow, sizeof(cow), RWX));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0);		/* zero page */
	assert_int_equal(cpu_get_reg(CPU_ECX), 0);		/* xor ran */
	assert_int_equal(peek32(CODE + PAGE_SIZE), 0x90c3c031);
	assert_true(st->code_pages_moved > moved);
	assert_int_equal(peek32(0x08049000 + 4), 0);		/* fresh frame */
}

static void test_tls_through_gs(void **state)
{
	static const uint32_t words[2] = { 0xcafef00d, 0x0badf00d };

	(void)state;
	poke(DATA + 0x100, words, sizeof(words));
	/* seg_32bit | limit_in_pages, as glibc's TLS_INIT_TP */
	assert_int_equal(cpu_set_tls_desc(6, DATA + 0x100, 0xfffff, 0x51), 0);
	assert_int_equal(cpu_set_reg(CPU_GS, 0x33), 0);
	assert_int_equal(cpu_get_reg(CPU_GS), 0x33);
	assert_exited(RUN(tls));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0xcafef00d);
	assert_int_equal(cpu_get_reg(CPU_ECX), 0x0badf00d);	/* via %fs */
	assert_int_equal(cpu_get_reg(CPU_FS), 0x33);
	/* entry 7 is empty: not present, so the load is refused */
	assert_int_equal(cpu_set_reg(CPU_GS, 0x3b), -EINVAL);
	assert_int_equal(cpu_get_reg(CPU_GS), 0x33);
	/* the empty user_desc clears the entry */
	assert_int_equal(cpu_set_tls_desc(6, 0, 0, 0x28), 0);
	assert_int_equal(cpu_get_tls_desc(6), 0);
}

static void test_time_slice_counts_blocks(void **state)
{
	uint64_t before = cpu_get_stats()->blocks;
	struct cpu_exit ex;

	(void)state;
	load_at(CODE, CODE_PAGES, loop, sizeof(loop), RX);
	ex = run_from(CODE, 10);
	assert_int_equal(ex.reason, CPU_EXIT_SLICE);
	assert_int_equal(ex.blocks, 10);
	/* block 1 is mov+dec+jnz, each later one dec+jnz */
	assert_int_equal(cpu_get_reg(CPU_ECX), 90);
	assert_int_equal(cpu_run(5, &ex), 0);
	assert_int_equal(ex.reason, CPU_EXIT_SLICE);
	assert_int_equal(ex.blocks, 5);
	assert_int_equal(cpu_get_reg(CPU_ECX), 85);
	assert_int_equal(cpu_run(BUDGET, &ex), 0);
	assert_exited(ex);
	assert_int_equal(cpu_get_reg(CPU_ECX), 0);
	/* 85 more loop blocks, then the exit block */
	assert_int_equal(ex.blocks, 86);
	assert_int_equal(cpu_get_stats()->blocks - before, 10 + 5 + 86);
}

static void test_tlb_counters_two_data_pages(void **state)
{
	static const uint32_t one = 1;
	uint64_t dh, dm, ih, im, blocks;

	(void)state;
	poke(DATA, &one, 4);		/* both pages present and dirty */
	poke(DATA + 0x1000, &one, 4);
	load_at(CODE, CODE_PAGES, two_pages, sizeof(two_pages), RX);
	dh = mmu.dtlb.hits;
	dm = mmu.dtlb.misses;
	ih = mmu.itlb.hits;
	im = mmu.itlb.misses;
	blocks = cpu_get_stats()->blocks;
	assert_exited(run_from(CODE, BUDGET));
	blocks = cpu_get_stats()->blocks - blocks;
	/* 1000 loads and 1000 stores: one miss per page, hits after */
	assert_int_equal(mmu.dtlb.misses - dm, 2);
	assert_int_equal(mmu.dtlb.hits - dh, 1998);
	/* one code page: its first block's fetch misses, every later
	 * block's fetch hits */
	assert_int_equal(mmu.itlb.misses - im, 1);
	assert_true(blocks > 1000);
	assert_int_equal(mmu.itlb.hits - ih, blocks - 1);
}

/* 40 pages, each jumping to the next: more than the 32-entry iTLB. */
static void test_itlb_eviction_unmaps_code_pages(void **state)
{
	const struct cpu_stats *st = cpu_get_stats();
	uint64_t mapped, unmapped, misses = mmu.itlb.misses;
	uint8_t insn[12];
	unsigned i, n = 40;

	(void)state;
	map_fixed(FAR_CODE, n * PAGE_SIZE, RWX);
	for (i = 0; i < n; i++) {
		uint32_t next = FAR_CODE + (i + 1) * PAGE_SIZE;

		if (i == n - 1)
			next = NR_EXIT;		/* mov $1,%eax */
		insn[0] = 0xb8;			/* mov $next,%eax */
		memcpy(insn + 1, &next, 4);
		insn[5] = 0xff;			/* jmp *%eax */
		insn[6] = 0xe0;
		if (i == n - 1) {
			insn[5] = 0xcd;		/* int $0x80 */
			insn[6] = 0x80;
		}
		poke(FAR_CODE + i * PAGE_SIZE, insn, 7);
	}
	assert_int_equal(do_mprotect(mm, FAR_CODE, n * PAGE_SIZE, RX), 0);
	mapped = st->code_pages_mapped;
	unmapped = st->code_pages_unmapped;
	assert_exited(run_from(FAR_CODE, BUDGET));
	assert_int_equal(st->code_pages_mapped - mapped, n);
	assert_int_equal(mmu.itlb.misses - misses, n);
	/* 8 sets of 4 ways: the fifth page of each set evicts the first */
	assert_int_equal(st->code_pages_unmapped - unmapped, 8);
}

static void test_new_code_mapped_by_syscall(void **state)
{
	uint64_t rebuilds = cpu_get_stats()->window_rebuilds;

	(void)state;
	newcode_tells_cpu = 1;
	assert_exited(RUN(call201));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0x5a);
	assert_true(cpu_get_stats()->window_rebuilds > rebuilds);
}

/* The kernel forgot cpu_mm_layout_changed: the fetch finds a window. */
static void test_new_code_without_layout_hint(void **state)
{
	(void)state;
	newcode_tells_cpu = 0;
	assert_exited(RUN(call201));
	assert_int_equal(cpu_get_reg(CPU_EBX), 0x5a);
}

/*
 * Two processes whose code lies 1 GiB apart, switched back and forth
 * with their contexts: each runs its own code every time, and once both
 * layouts have been seen a switch unmaps only the window that filled the
 * other's hole (4 pages, 1 page), never the big ones around it.
 */
static void test_switch_between_layouts(void **state)
{
	static const uint8_t mine[] = {
		0xbb, 0x11, 0x00, 0x00, 0x00,	/* mov $0x11,%ebx */
		0xb8, 0x01, 0x00, 0x00, 0x00,	/* mov $1,%eax */
		0xcd, 0x80,			/* int $0x80 */
	};
	const struct cpu_stats *st = cpu_get_stats();
	struct mm_struct *first = mm, *other = mm_alloc();
	struct cpu_context *ctx[2] = { cpu_context_alloc(), cpu_context_alloc() };
	uint64_t unmapped[8], pages[8];
	unsigned i;

	(void)state;
	assert_non_null(other);
	load_at(CODE, CODE_PAGES, exit_zero, sizeof(exit_zero), RX);
	mm = other;
	map_fixed(NEW_CODE, PAGE_SIZE, RWX);
	load_at(NEW_CODE, 1, mine, sizeof(mine), RX);
	mm = first;
	for (i = 0; i < 8; i++) {
		struct mm_struct *next = i & 1 ? other : first;

		cpu_context_restore(ctx[i & 1]);
		cpu_set_mm(next);
		unmapped[i] = st->windows_unmapped;
		pages[i] = cpu0.window_pages_unmapped;
		exits = 0;
		assert_exited(run_from(i & 1 ? NEW_CODE : CODE, BUDGET));
		unmapped[i] = st->windows_unmapped - unmapped[i];
		pages[i] = cpu0.window_pages_unmapped - pages[i];
		assert_int_equal(cpu_get_reg(CPU_EBX), i & 1 ? 0x11 : 0);
		cpu_context_save(ctx[i & 1]);
	}
	/* first run: the windows from the setup's run fit */
	assert_int_equal(unmapped[0], 0);
	/* the other's hole splits one 256 MiB window, once */
	assert_int_equal(unmapped[1], 1);
	assert_int_equal(pages[1], (256u << 20) >> PAGE_SHIFT);
	/* from then on only the window that filled exactly the hole */
	for (i = 2; i < 8; i++) {
		assert_int_equal(unmapped[i], 1);
		assert_int_equal(pages[i], i & 1 ? 1 : CODE_PAGES);
	}
	cpu_set_mm(first);
	mmput(other);
	cpu_context_free(ctx[0]);
	cpu_context_free(ctx[1]);
}

static void test_context_save_restore(void **state)
{
	struct cpu_context *a = cpu_context_alloc(), *b = cpu_context_alloc();

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	cpu_set_reg(CPU_EBX, 0x1111);
	cpu_set_reg(CPU_EIP, CODE);
	assert_int_equal(cpu_set_tls_desc(7, 0x1234000, 0xfffff, 0x51), 0);
	cpu_context_save(a);
	cpu_context_restore(b);		/* never saved: a fresh process */
	assert_int_equal(cpu_get_reg(CPU_EBX), 0);
	assert_int_equal(cpu_get_reg(CPU_EIP), 0);
	assert_int_equal(cpu_get_reg(CPU_CS), __USER_CS);
	assert_int_equal(cpu_get_reg(CPU_DS), __USER_DS);
	assert_int_equal(cpu_get_reg(CPU_EFLAGS), 0x202);
	assert_int_equal(cpu_get_tls_desc(7), 0);
	cpu_set_reg(CPU_EBX, 0x2222);
	cpu_context_save(b);
	cpu_context_restore(a);
	assert_int_equal(cpu_get_reg(CPU_EBX), 0x1111);
	assert_int_equal(cpu_get_reg(CPU_EIP), CODE);
	assert_true(cpu_get_tls_desc(7) != 0);
	cpu_context_restore(b);
	assert_int_equal(cpu_get_reg(CPU_EBX), 0x2222);
	cpu_context_free(a);
	cpu_context_free(b);
}

static void test_bad_input(void **state)
{
	struct cpu_exit ex;

	(void)state;
	assert_int_equal(cpu_init(&mmu), -EBUSY);
	assert_int_equal(cpu_run(0, &ex), -EINVAL);
	assert_int_equal(cpu_run(1, NULL), -EINVAL);
	assert_int_equal(cpu_set_reg(CPU_CS, 0x60), -EINVAL);	/* kernel */
	assert_int_equal(cpu_set_reg(CPU_DS, 0x68), -EINVAL);
	assert_int_equal(cpu_set_reg(CPU_NR_REGS, 0), -EINVAL);
	assert_int_equal(cpu_set_tls_desc(5, 0, 0, 0x51), -EINVAL);
	assert_int_equal(cpu_set_tls_desc(9, 0, 0, 0x51), -EINVAL);
	assert_int_equal(cpu_set_tls_desc(6, 0, 0, 0x80), -EINVAL);
	assert_int_equal(cpu_get_reg(CPU_CS), __USER_CS);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_loads_stores),
		T(test_access_crossing_pages),
		T(test_push_call_ret),
		T(test_rep_movs_stos),
		T(test_lock_cmpxchg),
		T(test_x87_qword),
		T(test_sse_movdqu),
		T(test_int80_reaches_handler),
		T(test_write_readonly_page_sigsegv),
		T(test_read_kernel_half_sigsegv),
		T(test_read_gdt_page_sigsegv),
		T(test_jump_unmapped_sigsegv),
		T(test_jump_into_data_sigsegv),
		T(test_ud2_sigill),
		T(test_divide_by_zero_sigfpe),
		T(test_read_text_then_write_it),
		T(test_self_modifying_code),
		T(test_write_to_code_page_copies_on_write),
		T(test_tls_through_gs),
		T(test_time_slice_counts_blocks),
		T(test_tlb_counters_two_data_pages),
		T(test_itlb_eviction_unmaps_code_pages),
		T(test_new_code_mapped_by_syscall),
		T(test_new_code_without_layout_hint),
		T(test_switch_between_layouts),
		T(test_context_save_restore),
		T(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
