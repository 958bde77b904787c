/*
 * test_elf.c - the ELF loader: every refusal of a bad file (crafted by hand
 * into temporary files) with its exact message and nothing left behind,
 * and real loads, of a crafted image and of static i386 programs built by
 * the fixtures, checked through the address space: VMAs, page contents,
 * the zeroed tail of the data page, and the initial stack word by word.
 * Loads run on a booted VFS: the program is a file of the exec mount and
 * its segments are file mappings of it (page-cache pages).
 */
#define _XOPEN_SOURCE 700	/* nftw */
#define _DEFAULT_SOURCE
#include <elf.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include "binfmt.h"
#include "fs.h"
#include "gfp.h"
#include "kern_fs.h"
#include "mm.h"
#include "page.h"
#include "pagemap.h"
#include "slab.h"

/* ---- a crafted executable: text, data + bss, GNU_STACK, a note ---- */

#define T_TEXT		0x08048000u
#define T_DATA		0x0804a010u	/* not page aligned: padzero matters */
#define T_DATA_OFF	0x2010u
#define T_DATA_FILESZ	0x100u
#define T_DATA_MEMSZ	0x3000u
#define T_ENTRY		(T_TEXT + 0x1000)
#define T_FILE_SIZE	0x3000u
#define T_PHNUM		4

struct image {
	uint8_t b[T_FILE_SIZE];
	size_t size;
};

static Elf32_Ehdr *EH(struct image *im)
{
	return (Elf32_Ehdr *)im->b;
}

static Elf32_Phdr *PH(struct image *im, int i)
{
	return (Elf32_Phdr *)(im->b + sizeof(Elf32_Ehdr)) + i;
}

static void set_phdr(struct image *im, int i, uint32_t type, uint32_t off,
		     uint32_t vaddr, uint32_t filesz, uint32_t memsz,
		     uint32_t flags)
{
	Elf32_Phdr *ph = PH(im, i);

	ph->p_type = type;
	ph->p_offset = off;
	ph->p_vaddr = ph->p_paddr = vaddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_flags = flags;
	ph->p_align = type == PT_LOAD ? PAGE_SIZE : 4;
}

/* Byte i of the crafted file past the headers: never zero. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)((i * 7 + 3) % 255 + 1);
}

static void make_template(struct image *im)
{
	Elf32_Ehdr *eh = EH(im);
	size_t i;

	for (i = 0; i < T_FILE_SIZE; i++)
		im->b[i] = pattern(i);
	im->size = T_FILE_SIZE;
	memset(eh, 0, sizeof(*eh) + T_PHNUM * sizeof(Elf32_Phdr));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = T_ENTRY;
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = T_PHNUM;
	eh->e_shentsize = sizeof(Elf32_Shdr);
	set_phdr(im, 0, PT_LOAD, 0, T_TEXT, 0x2000, 0x2000, PF_R | PF_X);
	set_phdr(im, 1, PT_LOAD, T_DATA_OFF, T_DATA, T_DATA_FILESZ,
		 T_DATA_MEMSZ, PF_R | PF_W);
	set_phdr(im, 2, PT_GNU_STACK, 0, 0, 0, 0, PF_R | PF_W);
	set_phdr(im, 3, PT_NOTE, 0x100, T_TEXT + 0x100, 0x10, 0x10, PF_R);
}

static char tmpdir[64];
static int file_seq;

static char *write_file(const void *data, size_t len)
{
	static char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/f%d", tmpdir, file_seq++);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static char *write_image(const struct image *im)
{
	return write_file(im->b, im->size);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* elf_check_image on a file; returns the error, message in err. */
static char err[256];

static int check_path(const char *path, struct elf_image *img)
{
	int fd = open(path, O_RDONLY);
	int ret;

	assert_true(fd >= 0);
	err[0] = '\0';
	ret = elf_check_image(fd, img, err, sizeof(err));
	close(fd);
	if (ret)
		assert_true(strlen(err) > 0 && !strchr(err, '\n'));
	return ret;
}

static struct elf_image img;

static int check_image(const struct image *im)
{
	return check_path(write_image(im), &img);
}

static void expect_refusal(const struct image *im, int ret, const char *msg)
{
	assert_int_equal(check_image(im), ret);
	assert_string_equal(err, msg);
}

/* ---- checks that need no address space ---- */

static void test_template_ok(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	assert_int_equal(check_image(&im), 0);
	assert_int_equal(img.e_type, ET_EXEC);
	assert_int_equal(img.load_bias, 0);
	assert_int_equal(img.entry, T_ENTRY);
	assert_int_equal(img.phdr_addr, T_TEXT + sizeof(Elf32_Ehdr));
	assert_int_equal(img.phnum, T_PHNUM);
	assert_int_equal(img.exec_stack, 0);
	assert_int_equal(img.nr_segments, 2);
	assert_int_equal(img.seg[0].phdr_index, 0);
	assert_int_equal(img.seg[0].vaddr, T_TEXT);
	assert_int_equal(img.seg[0].prot, PROT_READ | PROT_EXEC);
	assert_int_equal(img.seg[1].phdr_index, 1);
	assert_int_equal(img.seg[1].vaddr, T_DATA);
	assert_int_equal(img.seg[1].offset, T_DATA_OFF);
	assert_int_equal(img.seg[1].filesz, T_DATA_FILESZ);
	assert_int_equal(img.seg[1].memsz, T_DATA_MEMSZ);
	assert_int_equal(img.seg[1].prot, PROT_READ | PROT_WRITE);
	assert_int_equal(img.start_code, T_TEXT);
	assert_int_equal(img.end_code, T_TEXT + 0x2000);
	assert_int_equal(img.start_data, T_DATA);
	assert_int_equal(img.end_data, T_DATA + T_DATA_FILESZ);
	assert_int_equal(img.elf_brk, T_DATA + T_DATA_MEMSZ);
	assert_int_equal(img.file_size, T_FILE_SIZE);
}

static void test_not_elf(void **state)
{
	static const char script[] = "#!/bin/sh\necho hello\n";
	struct image im;

	(void)state;
	assert_int_equal(check_path(write_file(script, sizeof(script) - 1),
				    &img), -ENOEXEC);
	assert_string_equal(err, "not an ELF file");
	assert_int_equal(check_path(write_file("", 0), &img), -ENOEXEC);
	assert_string_equal(err, "not an ELF file");
	assert_int_equal(check_path(write_file("\177EL", 3), &img), -ENOEXEC);
	assert_string_equal(err, "not an ELF file");
	make_template(&im);
	im.b[3] = 'f';
	expect_refusal(&im, -ENOEXEC, "not an ELF file");
}

static void test_wrong_class_and_encoding(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	im.b[EI_CLASS] = ELFCLASS64;
	expect_refusal(&im, -ENOEXEC, "not a 32-bit ELF file (it is 64-bit)");
	make_template(&im);
	im.b[EI_CLASS] = 7;
	expect_refusal(&im, -ENOEXEC, "not a 32-bit ELF file (class 7)");
	make_template(&im);
	im.b[EI_DATA] = ELFDATA2MSB;
	expect_refusal(&im, -ENOEXEC,
		       "not a little-endian ELF file (data encoding 2)");
	make_template(&im);
	im.b[EI_VERSION] = 2;
	expect_refusal(&im, -ENOEXEC, "unsupported ELF version 2");
}

static void test_wrong_machine_and_type(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	EH(&im)->e_machine = EM_X86_64;
	expect_refusal(&im, -ENOEXEC, "not an i386 ELF file (machine 62)");
	make_template(&im);
	EH(&im)->e_type = ET_REL;
	expect_refusal(&im, -ENOEXEC,
		       "unsupported ELF type 1 (relocatable object): only executables run");
	make_template(&im);
	EH(&im)->e_type = ET_CORE;
	expect_refusal(&im, -ENOEXEC,
		       "unsupported ELF type 4 (core dump): only executables run");
}

static void test_truncated_headers(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	im.size = 10;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: the ELF header needs 52 bytes, the file has 10");
	im.size = 40;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: the ELF header needs 52 bytes, the file has 40");
	im.size = sizeof(Elf32_Ehdr) + 2 * sizeof(Elf32_Phdr) + 5;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: the program headers (offset 0x34, 4 of them) extend past the end of the file");
}

static void test_bad_program_header_table(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	EH(&im)->e_phentsize = 56;
	expect_refusal(&im, -ENOEXEC, "bad program header size 56 (expected 32)");
	make_template(&im);
	EH(&im)->e_phnum = 0;
	expect_refusal(&im, -ENOEXEC,
		       "no program headers, so no loadable segments");
	make_template(&im);
	EH(&im)->e_phnum = 0xffff;
	expect_refusal(&im, -ENOEXEC, "too many program headers (65535, at most 128)");
	make_template(&im);
	EH(&im)->e_phnum = ELF_MAX_PHNUM + 1;
	expect_refusal(&im, -ENOEXEC, "too many program headers (129, at most 128)");
	/* an offset that wraps a 32-bit sum must not pass as "inside" */
	make_template(&im);
	EH(&im)->e_phoff = 0xfffffff0u;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: the program headers (offset 0xfffffff0, 4 of them) extend past the end of the file");
}

static void test_interpreter(void **state)
{
	static const char interp[] = "/lib/ld-linux.so.2";
	struct image im;

	(void)state;
	make_template(&im);
	memcpy(im.b + 0x200, interp, sizeof(interp));
	set_phdr(&im, 3, PT_INTERP, 0x200, T_TEXT + 0x200, sizeof(interp),
		 sizeof(interp), PF_R);
	expect_refusal(&im, -ENOEXEC,
		       "dynamically linked (needs interpreter /lib/ld-linux.so.2): only static executables run");
	PH(&im, 3)->p_offset = 0xfffffff0u;
	expect_refusal(&im, -ENOEXEC,
		       "dynamically linked (needs an interpreter): only static executables run");
	PH(&im, 3)->p_offset = 0x200;
	PH(&im, 3)->p_filesz = 0x7fffffffu;
	expect_refusal(&im, -ENOEXEC,
		       "dynamically linked (needs an interpreter): only static executables run");
	/* unprintable bytes do not reach the message */
	PH(&im, 3)->p_filesz = sizeof(interp);
	im.b[0x201] = '\n';
	expect_refusal(&im, -ENOEXEC,
		       "dynamically linked (needs interpreter /?ib/ld-linux.so.2): only static executables run");
}

static void test_truncated_segment(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	im.size = T_DATA_OFF + T_DATA_FILESZ - 1;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: segment 1 extends past the end of the file");
	/* offset + size overflows 32 bits */
	make_template(&im);
	PH(&im, 1)->p_offset = 0xfffff010u;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: segment 1 extends past the end of the file");
	make_template(&im);
	PH(&im, 1)->p_filesz = 0xffffffffu;
	PH(&im, 1)->p_memsz = 0xffffffffu;
	expect_refusal(&im, -ENOEXEC,
		       "truncated: segment 1 extends past the end of the file");
	make_template(&im);
	PH(&im, 1)->p_filesz = T_DATA_MEMSZ + 1;
	expect_refusal(&im, -ENOEXEC,
		       "segment 1: file size 0x3001 exceeds memory size 0x3000");
}

static void test_misaligned_segment(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	PH(&im, 1)->p_vaddr += 4;
	expect_refusal(&im, -ENOEXEC,
		       "segment 1: address 0x804a014 and file offset 0x2010 differ modulo the page size");
}

static void test_overlapping_segments(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	PH(&im, 1)->p_vaddr = T_TEXT + 0x1010;	/* inside the text */
	expect_refusal(&im, -ENOEXEC, "segments 0 and 1 overlap");
	/* sharing only the last text page is an overlap too */
	make_template(&im);
	PH(&im, 0)->p_memsz = PH(&im, 0)->p_filesz = 0x2011;
	expect_refusal(&im, -ENOEXEC, "segments 0 and 1 overlap");
	/* numbered by program header even when listed out of order */
	make_template(&im);
	set_phdr(&im, 3, PT_LOAD, 0, T_TEXT - 0x1000, 0x10, 0x1001, PF_R);
	expect_refusal(&im, -ENOEXEC, "segments 0 and 3 overlap");
}

static void test_segment_outside_user_space(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	PH(&im, 1)->p_vaddr = 0xbffff010u;
	expect_refusal(&im, -ENOEXEC,
		       "segment 1 [0xbffff010-0xc0002010) is outside user space");
	/* wraps past 4 GiB in 32 bits */
	make_template(&im);
	PH(&im, 1)->p_vaddr = 0xfffff010u;
	expect_refusal(&im, -ENOEXEC,
		       "segment 1 [0xfffff010-0x100002010) is outside user space");
	make_template(&im);
	PH(&im, 1)->p_vaddr = 0x1010;
	expect_refusal(&im, -ENOEXEC,
		       "segment 1 at 0x1010 is below the lowest mappable address 0x10000");
}

static void test_entry_outside(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	EH(&im)->e_entry = T_DATA + 0x10;	/* mapped, not executable */
	expect_refusal(&im, -ENOEXEC,
		       "entry point 0x804a020 is outside every executable segment");
	EH(&im)->e_entry = T_TEXT + 0x2000;	/* just past the text */
	expect_refusal(&im, -ENOEXEC,
		       "entry point 0x804a000 is outside every executable segment");
	EH(&im)->e_entry = 0;
	expect_refusal(&im, -ENOEXEC,
		       "entry point 0x0 is outside every executable segment");
}

static void test_no_loadable_segments(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	PH(&im, 0)->p_type = PT_NOTE;
	PH(&im, 1)->p_type = PT_NULL;
	expect_refusal(&im, -ENOEXEC, "no loadable segments");
	/* PT_LOADs of no memory map nothing */
	make_template(&im);
	PH(&im, 0)->p_memsz = PH(&im, 0)->p_filesz = 0;
	PH(&im, 1)->p_memsz = PH(&im, 1)->p_filesz = 0;
	expect_refusal(&im, -ENOEXEC, "no loadable segments");
}

static void test_gnu_stack(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	PH(&im, 2)->p_flags = PF_R | PF_W | PF_X;
	assert_int_equal(check_image(&im), 0);
	assert_int_equal(img.exec_stack, 1);
	PH(&im, 2)->p_type = PT_NULL;	/* missing: executable on i386 */
	assert_int_equal(check_image(&im), 0);
	assert_int_equal(img.exec_stack, 1);
	PH(&im, 2)->p_type = PT_GNU_STACK;
	PH(&im, 2)->p_flags = PF_R | PF_W;
	assert_int_equal(check_image(&im), 0);
	assert_int_equal(img.exec_stack, 0);
}

/* Linux ignores section headers; garbage there must not matter. */
static void test_section_headers_ignored(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	EH(&im)->e_shoff = 0xfffffff0u;
	EH(&im)->e_shnum = 0xffff;
	EH(&im)->e_shstrndx = 0xfffe;
	assert_int_equal(check_image(&im), 0);
	EH(&im)->e_shnum = 0;
	EH(&im)->e_shoff = 0x7ffffff0u;
	assert_int_equal(check_image(&im), 0);
}

static void test_static_pie_check(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	EH(&im)->e_type = ET_DYN;
	PH(&im, 0)->p_vaddr = 0;
	PH(&im, 1)->p_vaddr = 0x2010;
	EH(&im)->e_entry = 0x1000;
	set_phdr(&im, 3, PT_PHDR, sizeof(Elf32_Ehdr), sizeof(Elf32_Ehdr),
		 T_PHNUM * sizeof(Elf32_Phdr), T_PHNUM * sizeof(Elf32_Phdr),
		 PF_R);
	assert_int_equal(check_image(&im), 0);
	assert_int_equal(img.e_type, ET_DYN);
	assert_int_equal(img.load_bias, ELF_ET_DYN_BASE);
	assert_int_equal(img.entry, ELF_ET_DYN_BASE + 0x1000);
	assert_int_equal(img.seg[0].vaddr, ELF_ET_DYN_BASE);
	assert_int_equal(img.seg[1].vaddr, ELF_ET_DYN_BASE + 0x2010);
	assert_int_equal(img.phdr_addr, ELF_ET_DYN_BASE + sizeof(Elf32_Ehdr));
	assert_int_equal(img.elf_brk, ELF_ET_DYN_BASE + 0x2010 + T_DATA_MEMSZ);
}

static uint64_t fuzz_state = 0x1234567887654321ull;

static uint32_t fuzz_next(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 7;
	fuzz_state ^= fuzz_state << 17;
	return (uint32_t)(fuzz_state >> 16);
}

/* Flip bytes of the headers, or plant extreme words in them. */
static void mutate(struct image *im)
{
	static const uint32_t extremes[] = {
		0, 1, 0xfff, 0x1000, 0x7fffffff, 0x80000000u, 0xbffff000u,
		0xc0000000u, 0xfffff000u, 0xffffffffu,
	};
	size_t hdr = sizeof(Elf32_Ehdr) + T_PHNUM * sizeof(Elf32_Phdr);
	int i, n = 1 + fuzz_next() % 4;

	make_template(im);
	for (i = 0; i < n; i++) {
		uint32_t at = fuzz_next() % hdr;

		if (fuzz_next() & 1) {
			im->b[at] ^= (uint8_t)(1u << (fuzz_next() % 8));
		} else {
			uint32_t v = extremes[fuzz_next() % 10];

			memcpy(im->b + (at & ~3u), &v, 4);
		}
	}
	if (fuzz_next() % 8 == 0)
		im->size = fuzz_next() % T_FILE_SIZE;
}

/* A file that passes must satisfy every promise elf_check_image makes. */
static void assert_image_sane(const struct elf_image *im)
{
	int i, j, entry_in_exec = 0;

	assert_true(im->nr_segments > 0 && im->nr_segments <= ELF_MAX_PHNUM);
	for (i = 0; i < im->nr_segments; i++) {
		const struct elf_segment *s = &im->seg[i];
		uint64_t end = (uint64_t)s->vaddr + s->memsz;

		assert_true(s->filesz <= s->memsz);
		assert_true((uint64_t)s->offset + s->filesz <= im->file_size);
		assert_true(s->vaddr >= MMAP_MIN_ADDR && end <= TASK_SIZE);
		assert_int_equal((s->vaddr - s->offset) % PAGE_SIZE, 0);
		for (j = 0; j < i; j++) {
			const struct elf_segment *t = &im->seg[j];

			assert_true(PAGE_ALIGN(t->vaddr + t->memsz) <=
				    (s->vaddr & PAGE_MASK) ||
				    PAGE_ALIGN(s->vaddr + s->memsz) <=
				    (t->vaddr & PAGE_MASK));
		}
		if ((s->prot & PROT_EXEC) && im->entry >= s->vaddr &&
		    im->entry < end)
			entry_in_exec = 1;
	}
	assert_true(entry_in_exec);
}

static void test_fuzz_check(void **state)
{
	struct image im;
	int i, passed = 0, refused = 0;

	(void)state;
	for (i = 0; i < 3000; i++) {
		mutate(&im);
		if (check_image(&im) == 0) {
			assert_image_sane(&img);
			passed++;
		} else {
			refused++;
		}
	}
	/* the mutations must exercise both outcomes */
	assert_true(passed > 100);
	assert_true(refused > 1000);
}

static void test_open_errors(void **state)
{
	struct elf_image im;

	(void)state;
	assert_int_equal(check_path(tmpdir, &im), -EACCES);
	assert_string_equal(err, "not a regular file");
}

/* ---- loading into an address space ---- */

static int boot(void **state)
{
	(void)state;
	return mem_init(32u << 20) || fs_boot(tmpdir, 0, 0) ? -1 : 0;
}

static int unboot(void **state)
{
	(void)state;
	fs_shutdown();
	mem_exit();
	return 0;
}

/*
 * What a run's teardown does: the file systems written back and
 * unmounted, every cached page, dentry and inode gone (exec's mount
 * too); then they are mounted again for the next load.
 */
static void assert_nothing_lost(void)
{
	assert_int_equal(nr_files(), 0);
	fs_shutdown();
	shrink_slab(~0ul, GFP_KERNEL);
	assert_int_equal(nr_free_pages(), free_pages_boot);
	assert_int_equal(fs_boot(tmpdir, 0, 0), 0);
}

/* Host fds open with the file systems unmounted (nothing cached). */
static int settled_fds(void)
{
	int n;

	fs_shutdown();
	n = open_fds();
	assert_int_equal(fs_boot(tmpdir, 0, 0), 0);
	return n;
}

static uint32_t peek32(struct mm_struct *mm, uint32_t addr)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(access_process_vm(mm, addr, &v, 4, 0), 4);
	return v;
}

static void peek_string(struct mm_struct *mm, uint32_t addr, char *buf,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(access_process_vm(mm, addr + i, buf + i, 1, 0),
				 1);
		if (!buf[i])
			return;
	}
	fail_msg("string at 0x%x longer than %zu", addr, n);
}

static int load(struct mm_struct *mm, const char *path, const char *execfn,
		char *const argv[], char *const envp[], uint64_t seed,
		struct exec_result *out)
{
	struct exec_params p = {
		.random_seed = seed,
		.uid = 1000, .euid = 1001, .gid = 100, .egid = 101,
	};

	err[0] = '\0';
	memset(out, 0, sizeof(*out));
	return load_elf_binary(mm, path, execfn, argv, envp, &p, out, err,
			       sizeof(err));
}

static void expect_load_refusal(const struct image *im, int ret,
				const char *msg)
{
	static char *const argv[] = { "prog", NULL };
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	int fds = settled_fds();

	assert_non_null(mm);
	assert_int_equal(load(mm, write_image(im), "prog", argv, NULL, 1, &out),
			 ret);
	assert_string_equal(err, msg);
	assert_null(mm->mmap);
	assert_int_equal(mm->map_count, 0);
	assert_int_equal(mm->start_code, 0);
	assert_int_equal(mm->brk, 0);
	assert_int_equal(nr_files(), 0);
	assert_int_equal(settled_fds(), fds);
	mmput(mm);
	assert_nothing_lost();
}

static void test_load_refusals_leave_nothing(void **state)
{
	struct image im;

	(void)state;
	make_template(&im);
	EH(&im)->e_machine = EM_X86_64;
	expect_load_refusal(&im, -ENOEXEC, "not an i386 ELF file (machine 62)");
	make_template(&im);
	im.size = T_DATA_OFF + 1;
	expect_load_refusal(&im, -ENOEXEC,
			    "truncated: segment 1 extends past the end of the file");
	make_template(&im);
	EH(&im)->e_entry = T_DATA;
	expect_load_refusal(&im, -ENOEXEC,
			    "entry point 0x804a010 is outside every executable segment");
	make_template(&im);
	PH(&im, 1)->p_vaddr = T_TEXT + 0x10;
	expect_load_refusal(&im, -ENOEXEC, "segments 0 and 1 overlap");
	/* checks pass, but the data would sit where the stack goes */
	make_template(&im);
	PH(&im, 1)->p_vaddr = STACK_TOP - 0x4000 + 0x10;
	expect_load_refusal(&im, -ENOEXEC,
			    "segment 1 [0xbfffc010-0xbffff010) overlaps the stack [0xbffdf000-0xc0000000)");
}

static void test_load_open_errors(void **state)
{
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	assert_int_equal(load(mm, path, "missing", NULL, NULL, 0, &out), -ENOENT);
	assert_string_equal(err, "cannot open: No such file or directory");
	assert_int_equal(load(mm, tmpdir, "dir", NULL, NULL, 0, &out), -EACCES);
	assert_string_equal(err, "not a regular file");
	assert_null(mm->mmap);
	mmput(mm);
	assert_nothing_lost();
}

static void test_load_e2big(void **state)
{
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	char *big = malloc(MAX_ARG_STRINGS_BYTES);
	char *argv[] = { "prog", big, NULL };
	struct image im;
	char *path;

	(void)state;
	make_template(&im);
	path = write_image(&im);
	memset(big, 'x', MAX_ARG_STRINGS_BYTES - 1);
	big[MAX_ARG_STRINGS_BYTES - 1] = '\0';
	assert_int_equal(load(mm, path, "prog", argv, NULL, 0, &out), -E2BIG);
	assert_string_equal(err,
			    "argument list too long: arguments, environment and program name take more than 131072 bytes");
	assert_null(mm->mmap);
	/* exactly at the limit is fine: "prog\0" + big + "p\0" */
	big[MAX_ARG_STRINGS_BYTES - 1 - 5 - 2] = '\0';
	assert_int_equal(load(mm, path, "p", argv, NULL, 0, &out), 0);
	assert_int_equal(mm->env_end - mm->arg_start,
			 MAX_ARG_STRINGS_BYTES - 2);
	/* exec wants a fresh mm and leaves a used one as it was */
	assert_int_equal(load(mm, path, "p", argv, NULL, 0, &out), -EINVAL);
	assert_string_equal(err, "exec needs an empty address space");
	assert_int_equal(mm->map_count, 4);
	free(big);
	mmput(mm);
	assert_nothing_lost();
}

static uint64_t ref_splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct stack_expect {
	char *const *argv, *const *envp;
	const char *execfn;
	uint32_t entry, phdr, phnum;
	uint64_t seed;
};

static const uint32_t auxv_order[] = {
	AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE,
	AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
	AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, AT_NULL,
};

/* Walk a vector of string pointers; the strings must lie back to back. */
static uint32_t check_vector(struct mm_struct *mm, uint32_t at,
			     char *const *v, uint32_t *next_string)
{
	char buf[256];
	int i;

	for (i = 0; v && v[i]; i++, at += 4) {
		uint32_t s = peek32(mm, at);

		assert_int_equal(s, *next_string);
		peek_string(mm, s, buf, sizeof(buf));
		assert_string_equal(buf, v[i]);
		*next_string += strlen(v[i]) + 1;
	}
	assert_int_equal(peek32(mm, at), 0);
	return at + 4;
}

static void check_auxv(struct mm_struct *mm, uint32_t at,
		       const struct stack_expect *e, uint32_t execfn_addr,
		       const struct exec_result *out)
{
	uint64_t s = e->seed, r[2];
	uint8_t rnd[16];
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof(auxv_order) / 4; i++, at += 8) {
		uint32_t type = peek32(mm, at), val = peek32(mm, at + 4);

		assert_int_equal(type, auxv_order[i]);
		switch (type) {
		case AT_HWCAP: assert_int_equal(val, 0x178bfbff); break;
		case AT_PAGESZ: assert_int_equal(val, 4096); break;
		case AT_CLKTCK: assert_int_equal(val, 100); break;
		case AT_PHDR: assert_int_equal(val, e->phdr); break;
		case AT_PHENT: assert_int_equal(val, 32); break;
		case AT_PHNUM: assert_int_equal(val, e->phnum); break;
		case AT_ENTRY: assert_int_equal(val, e->entry); break;
		case AT_UID: assert_int_equal(val, 1000); break;
		case AT_EUID: assert_int_equal(val, 1001); break;
		case AT_GID: assert_int_equal(val, 100); break;
		case AT_EGID: assert_int_equal(val, 101); break;
		case AT_RANDOM:
			assert_int_equal(val, out->at_random);
			assert_int_equal(access_process_vm(mm, val, rnd, 16, 0),
					 16);
			r[0] = ref_splitmix64(&s);
			r[1] = ref_splitmix64(&s);
			assert_memory_equal(rnd, r, 16);
			break;
		case AT_EXECFN:
			assert_int_equal(val, execfn_addr);
			peek_string(mm, val, buf, sizeof(buf));
			assert_string_equal(buf, e->execfn);
			break;
		case AT_PLATFORM:
			peek_string(mm, val, buf, sizeof(buf));
			assert_string_equal(buf, "i686");
			assert_true(val > out->at_random);
			break;
		default:	/* BASE, FLAGS, SECURE, HWCAP2, NULL */
			assert_int_equal(val, 0);
		}
	}
}

/*
 * The stack from ESP up: argc, argv[], NULL, envp[], NULL, auxv; the
 * strings argv, envp, execfn back to back ending 4 bytes below the top.
 */
static void check_stack(struct mm_struct *mm, const struct exec_result *out,
			const struct stack_expect *e)
{
	uint32_t argc = 0, at, str = mm->arg_start;
	struct vm_area_struct *vma = find_vma(mm, out->sp);

	while (e->argv && e->argv[argc])
		argc++;
	assert_int_equal(out->sp % 16, 0);
	assert_int_equal(mm->start_stack, out->sp);
	assert_non_null(vma);
	assert_true(vma->vm_start <= out->sp);
	assert_int_equal(vma->vm_end, STACK_TOP);
	assert_true(vma->vm_flags & VM_GROWSDOWN);
	assert_int_equal(!!(vma->vm_flags & VM_EXEC), out->exec_stack);
	assert_int_equal(peek32(mm, out->sp), argc);
	at = check_vector(mm, out->sp + 4, e->argv, &str);
	assert_int_equal(mm->arg_end, str);
	assert_int_equal(mm->env_start, str);
	at = check_vector(mm, at, e->envp, &str);
	assert_int_equal(mm->env_end, str);
	check_auxv(mm, at, e, str, out);
	assert_int_equal(str + strlen(e->execfn) + 1, STACK_TOP - 4);
	assert_int_equal(peek32(mm, STACK_TOP - 4), 0);
}

static struct vm_area_struct *vma_at(struct mm_struct *mm, uint32_t start,
				     uint32_t end, uint32_t rwx)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	assert_non_null(vma);
	assert_int_equal(vma->vm_start, start);
	assert_int_equal(vma->vm_end, end);
	assert_int_equal(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC), rwx);
	return vma;
}

static void test_load_template(void **state)
{
	static char *const argv[] = { "prog", "-v", "", "last arg", NULL };
	static char *const envp[] = { "HOME=/root", "PATH=/bin", NULL };
	struct stack_expect e = {
		.argv = argv, .envp = envp, .execfn = "/bin/prog",
		.entry = T_ENTRY, .phdr = T_TEXT + 52, .phnum = T_PHNUM,
		.seed = 42,
	};
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	struct image im;
	uint8_t buf[PAGE_SIZE];
	uint32_t tail = PAGE_SIZE - ((T_DATA + T_DATA_FILESZ) & ~PAGE_MASK);
	int fds = settled_fds(), i;
	char *path, name[PATH_MAX];
	struct file *file;
	struct path root;

	(void)state;
	make_template(&im);
	path = write_image(&im);
	assert_int_equal(load(mm, path, "/bin/prog", argv, envp, 42, &out), 0);
	assert_int_equal(out.entry, T_ENTRY);
	assert_int_equal(out.load_bias, 0);
	assert_int_equal(out.exec_stack, 0);
	assert_int_equal(nr_files(), 1);	/* the program's one file */

	/* text, data's file page, bss, stack */
	assert_int_equal(mm->map_count, 4);
	vma = vma_at(mm, T_TEXT, T_TEXT + 0x2000, VM_READ | VM_EXEC);
	assert_ptr_equal(vma->vm_ops, &generic_file_vm_ops);
	assert_int_equal(vma->vm_pgoff, 0);
	file = vma_file(vma);
	assert_non_null(file);
	assert_ptr_equal(vma->vm_file, file);
	vma = vma_at(mm, 0x0804a000, 0x0804b000, VM_READ | VM_WRITE);
	assert_ptr_equal(vma_file(vma), file);
	assert_int_equal(vma->vm_pgoff, 2);
	assert_int_equal(file->f_count, 2);	/* one per segment VMA */
	/* maps names it as the exec mount (its directory) sees it */
	get_vfs_root(&root);
	snprintf(name, sizeof(name), "%s", strrchr(path, '/'));
	assert_string_equal(d_path(&file->f_path, &root, (char *)buf,
				   sizeof(buf)),
			    name);
	path_put(&root);
	vma = vma_at(mm, 0x0804b000, 0x0804e000, VM_READ | VM_WRITE);
	assert_null(vma->vm_ops);
	assert_null(vma->vm_next->vm_next);
	assert_int_equal(mm->start_code, T_TEXT);
	assert_int_equal(mm->end_code, T_TEXT + 0x2000);
	assert_int_equal(mm->start_data, T_DATA);
	assert_int_equal(mm->end_data, T_DATA + T_DATA_FILESZ);
	assert_int_equal(mm->start_brk, 0x0804e000);
	assert_int_equal(mm->brk, 0x0804e000);

	/* text pages are the file's bytes, the data's too up to p_filesz */
	assert_int_equal(access_process_vm(mm, T_TEXT + 0x1000, buf, PAGE_SIZE,
					   0), PAGE_SIZE);
	assert_memory_equal(buf, im.b + 0x1000, PAGE_SIZE);
	assert_int_equal(access_process_vm(mm, T_DATA, buf, T_DATA_FILESZ, 0),
			 T_DATA_FILESZ);
	assert_memory_equal(buf, im.b + T_DATA_OFF, T_DATA_FILESZ);
	/* the file goes on (non-zero) past p_filesz; memory reads zero */
	assert_int_equal(access_process_vm(mm, T_DATA + T_DATA_FILESZ, buf,
					   tail, 0), tail);
	for (i = 0; i < (int)tail; i++) {
		assert_int_equal(buf[i], 0);
		assert_int_not_equal(im.b[T_DATA_OFF + T_DATA_FILESZ + i], 0);
	}
	/* bss */
	assert_int_equal(peek32(mm, 0x0804dffc), 0);
	check_stack(mm, &out, &e);

	mmput(mm);
	assert_int_equal(nr_files(), 0);
	assert_int_equal(settled_fds(), fds);
	assert_nothing_lost();
}

/* A read-only segment with bss still gets its tail zeroed. */
static void test_load_readonly_bss(void **state)
{
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	struct image im;
	uint8_t buf[PAGE_SIZE];
	uint32_t tail = PAGE_SIZE - ((T_DATA + T_DATA_FILESZ) & ~PAGE_MASK);
	int i;

	(void)state;
	make_template(&im);
	PH(&im, 1)->p_flags = PF_R;
	assert_int_equal(load(mm, write_image(&im), "ro", NULL, NULL, 0, &out), 0);
	vma_at(mm, 0x0804a000, 0x0804b000, VM_READ);
	vma_at(mm, 0x0804b000, 0x0804e000, VM_READ);
	assert_int_equal(access_process_vm(mm, T_DATA, buf,
					   T_DATA_FILESZ + tail, 0),
			 T_DATA_FILESZ + tail);
	assert_memory_equal(buf, im.b + T_DATA_OFF, T_DATA_FILESZ);
	for (i = 0; i < (int)tail; i++)
		assert_int_equal(buf[T_DATA_FILESZ + i], 0);
	/* still read-only for the program */
	assert_int_equal(access_process_vm(mm, T_DATA, buf, 4, 1), 0);
	mmput(mm);
	assert_nothing_lost();
}

/* filesz 0: a segment that is all bss maps nothing from the file. */
static void test_load_bss_only_segment(void **state)
{
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	struct image im;
	int fds = settled_fds();

	(void)state;
	make_template(&im);
	set_phdr(&im, 3, PT_LOAD, 0, 0x08100000, 0, 0x1800, PF_R | PF_W);
	assert_int_equal(load(mm, write_image(&im), "b", NULL, NULL, 0, &out), 0);
	vma = vma_at(mm, 0x08100000, 0x08102000, VM_READ | VM_WRITE);
	assert_null(vma->vm_ops);
	assert_int_equal(mm->start_brk, 0x08102000);
	assert_int_equal(peek32(mm, 0x08101ffc), 0);
	mmput(mm);
	assert_int_equal(settled_fds(), fds);
	assert_nothing_lost();
}

/*
 * The program's file stays open while any VMA uses it: splitting the text
 * (mprotect of its middle) adds a reference, unmapping drops them, and
 * the last one releases the file.
 */
static void test_backing_references(void **state)
{
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	struct image im;
	struct file *file;
	uint8_t buf[16];

	(void)state;
	make_template(&im);
	assert_int_equal(load(mm, write_image(&im), "r", NULL, NULL, 0, &out), 0);
	file = vma_file(find_vma(mm, T_TEXT));
	assert_int_equal(file->f_count, 2);
	assert_int_equal(do_mprotect(mm, T_TEXT + 0x1000, PAGE_SIZE, PROT_READ),
			 0);
	vma_at(mm, T_TEXT, T_TEXT + 0x1000, VM_READ | VM_EXEC);
	vma_at(mm, T_TEXT + 0x1000, T_TEXT + 0x2000, VM_READ);
	assert_int_equal(file->f_count, 3);
	assert_int_equal(do_munmap(mm, 0x0804a000, PAGE_SIZE), 0);
	assert_int_equal(do_munmap(mm, T_TEXT, PAGE_SIZE), 0);
	assert_int_equal(file->f_count, 1);
	assert_int_equal(nr_files(), 1);
	/* the remaining piece still reads its page of the file */
	assert_int_equal(access_process_vm(mm, T_TEXT + 0x1000, buf, 16, 0),
			 16);
	assert_memory_equal(buf, im.b + 0x1000, 16);
	assert_int_equal(do_munmap(mm, T_TEXT + 0x1000, PAGE_SIZE), 0);
	assert_int_equal(nr_files(), 0);
	mmput(mm);
	assert_nothing_lost();
}

/*
 * Text pages are page-cache pages: a second load of the same file maps
 * the very frames of the first, and only the first load's faults read
 * the file (major faults); the second's are minor.
 */
static void test_text_shared_through_page_cache(void **state)
{
	struct exec_result out;
	struct mm_struct *a = mm_alloc(), *b = mm_alloc();
	struct image im;
	uint8_t buf[4];
	char *path;
	pte_t *pa, *pb;

	(void)state;
	make_template(&im);
	path = write_image(&im);
	assert_int_equal(load(a, path, "a", NULL, NULL, 0, &out), 0);
	assert_int_equal(load(b, path, "b", NULL, NULL, 0, &out), 0);
	a->maj_flt = b->maj_flt = 0;
	assert_int_equal(access_process_vm(a, T_TEXT + 0x1000, buf, 4, 0), 4);
	assert_int_equal(access_process_vm(b, T_TEXT + 0x1000, buf, 4, 0), 4);
	assert_int_equal(a->maj_flt, 1);
	assert_int_equal(b->maj_flt, 0);
	pa = pte_offset(a->pgd, T_TEXT + 0x1000);
	pb = pte_offset(b->pgd, T_TEXT + 0x1000);
	assert_int_equal(pte_page(*pa), pte_page(*pb));
	assert_int_equal(page_mapcount(pte_page(*pa)), 2);
	mmput(a);
	mmput(b);
	assert_nothing_lost();
}

/* A write to private file data copies the page; the file is untouched. */
static void test_private_write(void **state)
{
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	struct image im;
	uint8_t buf[T_DATA_FILESZ];
	char *path;
	int fd;

	(void)state;
	make_template(&im);
	path = write_image(&im);
	assert_int_equal(load(mm, path, "w", NULL, NULL, 0, &out), 0);
	memset(buf, 0xab, sizeof(buf));
	assert_int_equal(access_process_vm(mm, T_DATA, buf, sizeof(buf), 1),
			 sizeof(buf));
	memset(buf, 0, sizeof(buf));
	assert_int_equal(access_process_vm(mm, T_DATA + 7, buf, 1, 0), 1);
	assert_int_equal(buf[0], 0xab);
	fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, buf, sizeof(buf), T_DATA_OFF), sizeof(buf));
	close(fd);
	assert_memory_equal(buf, im.b + T_DATA_OFF, sizeof(buf));
	mmput(mm);
	assert_nothing_lost();
}

static void test_at_random_seeds(void **state)
{
	static char *const argv[] = { "r", NULL };
	struct exec_result out;
	struct image im;
	uint8_t a[16], b[16], c[16];
	uint64_t seeds[3] = { 7, 7, 8 };
	uint8_t *dst[3] = { a, b, c };
	char *path;
	int i;

	(void)state;
	make_template(&im);
	path = write_image(&im);
	for (i = 0; i < 3; i++) {
		struct mm_struct *mm = mm_alloc();

		assert_int_equal(load(mm, path, "r", argv, NULL, seeds[i], &out), 0);
		assert_int_equal(access_process_vm(mm, out.at_random, dst[i],
						   16, 0), 16);
		mmput(mm);
	}
	assert_memory_equal(a, b, 16);
	assert_memory_not_equal(a, c, 16);
	exec_random_bytes(8, b);
	assert_memory_equal(b, c, 16);
	assert_nothing_lost();
}

static void test_fuzz_load(void **state)
{
	struct exec_result out;
	struct image im;
	int i, loaded = 0, fds = settled_fds();

	(void)state;
	for (i = 0; i < 300; i++) {
		struct mm_struct *mm = mm_alloc();
		int ret;

		mutate(&im);
		ret = load(mm, write_image(&im), "fz", NULL, NULL, i, &out);
		if (ret) {
			assert_true(strlen(err) > 0);
			assert_null(mm->mmap);
		} else {
			loaded++;
			assert_non_null(find_vma(mm, out.entry));
		}
		mmput(mm);
		assert_int_equal(settled_fds(), fds);
	}
	assert_true(loaded > 10);
	assert_nothing_lost();
}

/* ---- real static i386 programs built by tests/fixtures ---- */

struct real_elf {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[ELF_MAX_PHNUM];
	int fd;
};

static void read_real(const char *path, struct real_elf *r)
{
	r->fd = open(path, O_RDONLY);
	assert_true(r->fd >= 0);
	assert_int_equal(pread(r->fd, &r->eh, sizeof(r->eh), 0), sizeof(r->eh));
	assert_true(r->eh.e_phnum <= ELF_MAX_PHNUM);
	assert_int_equal(pread(r->fd, r->ph, r->eh.e_phnum * sizeof(Elf32_Phdr),
			       r->eh.e_phoff),
			 r->eh.e_phnum * sizeof(Elf32_Phdr));
}

static uint32_t pf_to_vm(uint32_t f)
{
	return ((f & PF_R) ? VM_READ : 0) | ((f & PF_W) ? VM_WRITE : 0) |
	       ((f & PF_X) ? VM_EXEC : 0);
}

/* Every PT_LOAD: its VMAs, its bytes, its zeroed tail. */
static int check_real_segments(struct mm_struct *mm, struct real_elf *r,
			       uint32_t bias)
{
	static uint8_t mem[PAGE_SIZE], file[PAGE_SIZE];
	int i, vmas = 0, tails = 0;

	for (i = 0; i < r->eh.e_phnum; i++) {
		const Elf32_Phdr *ph = &r->ph[i];
		uint32_t va = ph->p_vaddr + bias, bss = va + ph->p_filesz;
		uint32_t file_end = PAGE_ALIGN(bss), n;
		struct vm_area_struct *vma;

		if (ph->p_type != PT_LOAD)
			continue;
		vma = vma_at(mm, va & PAGE_MASK, file_end,
			     pf_to_vm(ph->p_flags));
		assert_ptr_equal(vma->vm_ops, &generic_file_vm_ops);
		vmas++;
		/* the first bytes of the segment are the file's */
		n = ph->p_filesz < PAGE_SIZE ? ph->p_filesz : PAGE_SIZE;
		assert_int_equal(access_process_vm(mm, va, mem, n, 0), n);
		assert_int_equal(pread(r->fd, file, n, ph->p_offset), n);
		assert_memory_equal(mem, file, n);
		if (ph->p_memsz > ph->p_filesz) {
			n = file_end - bss;
			assert_int_equal(access_process_vm(mm, bss, mem, n, 0),
					 n);
			for (uint32_t k = 0; k < n; k++)
				assert_int_equal(mem[k], 0);
			/* the file has non-zero bytes there: zeroing showed */
			assert_int_equal(pread(r->fd, file, n,
					       ph->p_offset + ph->p_filesz), n);
			assert_true(memcmp(file, mem, n) != 0);
			tails++;
			if (PAGE_ALIGN(va + ph->p_memsz) > file_end) {
				vma_at(mm, file_end,
				       PAGE_ALIGN(va + ph->p_memsz),
				       pf_to_vm(ph->p_flags));
				vmas++;
			}
		}
	}
	assert_int_equal(tails, 1);
	return vmas;
}

static uint32_t real_phdr_addr(const struct real_elf *r, uint32_t bias)
{
	int i;

	for (i = 0; i < r->eh.e_phnum; i++)
		if (r->ph[i].p_type == PT_PHDR)
			return r->ph[i].p_vaddr + bias;
	for (i = 0; i < r->eh.e_phnum; i++)
		if (r->ph[i].p_type == PT_LOAD && r->ph[i].p_offset == 0)
			return r->ph[i].p_vaddr + bias + r->eh.e_phoff;
	fail_msg("fixture without its program headers in memory");
	return 0;
}

static void load_real(const char *path, uint32_t bias)
{
	static char *const argv[] = { "elf_hello", "one", "two", NULL };
	static char *const envp[] = { "TERM=dumb", "LANG=C", NULL };
	struct stack_expect e = {
		.argv = argv, .envp = envp, .execfn = "/usr/bin/elf_hello",
		.seed = 0x5eed,
	};
	struct exec_result out;
	struct mm_struct *mm = mm_alloc();
	struct real_elf r;
	int vmas, fds;

	read_real(path, &r);
	fds = settled_fds();
	e.entry = r.eh.e_entry + bias;
	e.phdr = real_phdr_addr(&r, bias);
	e.phnum = r.eh.e_phnum;
	assert_int_equal(load(mm, path, e.execfn, argv, envp, e.seed, &out), 0);
	assert_int_equal(out.entry, e.entry);
	assert_int_equal(out.load_bias, bias);
	vmas = check_real_segments(mm, &r, bias);
	assert_int_equal(mm->map_count, vmas + 1);	/* and the stack */
	check_stack(mm, &out, &e);
	mmput(mm);
	assert_int_equal(settled_fds(), fds);
	close(r.fd);
	assert_nothing_lost();
}

static void test_load_fixture(void **state)
{
	(void)state;
	load_real(FIXTURE_ELF_HELLO, 0);
}

static void test_load_fixture_pie(void **state)
{
	struct real_elf r;
	uint32_t lowest = UINT32_MAX;
	int i;

	(void)state;
	read_real(FIXTURE_ELF_HELLO_PIE, &r);
	assert_int_equal(r.eh.e_type, ET_DYN);
	for (i = 0; i < r.eh.e_phnum; i++) {
		assert_int_not_equal(r.ph[i].p_type, PT_INTERP);
		if (r.ph[i].p_type == PT_LOAD && r.ph[i].p_vaddr < lowest)
			lowest = r.ph[i].p_vaddr;
	}
	close(r.fd);
	load_real(FIXTURE_ELF_HELLO_PIE,
		  ELF_ET_DYN_BASE - (lowest & PAGE_MASK));
}

/* Thousands of small files: tmpfs when there is one, it is much faster. */
static int make_tmpdir(void **state)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_elf.XXXXXX", base);
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Everything under tmpdir goes, whatever a test left there. */
static int remove_tmpdir(void **state)
{
	(void)state;
	return nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest checks[] = {
		cmocka_unit_test(test_template_ok),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_wrong_class_and_encoding),
		cmocka_unit_test(test_wrong_machine_and_type),
		cmocka_unit_test(test_truncated_headers),
		cmocka_unit_test(test_bad_program_header_table),
		cmocka_unit_test(test_interpreter),
		cmocka_unit_test(test_truncated_segment),
		cmocka_unit_test(test_misaligned_segment),
		cmocka_unit_test(test_overlapping_segments),
		cmocka_unit_test(test_segment_outside_user_space),
		cmocka_unit_test(test_entry_outside),
		cmocka_unit_test(test_no_loadable_segments),
		cmocka_unit_test(test_gnu_stack),
		cmocka_unit_test(test_section_headers_ignored),
		cmocka_unit_test(test_static_pie_check),
		cmocka_unit_test(test_fuzz_check),
		cmocka_unit_test(test_open_errors),
	};
	const struct CMUnitTest loads[] = {
		cmocka_unit_test(test_load_refusals_leave_nothing),
		cmocka_unit_test(test_load_open_errors),
		cmocka_unit_test(test_load_e2big),
		cmocka_unit_test(test_load_template),
		cmocka_unit_test(test_load_readonly_bss),
		cmocka_unit_test(test_load_bss_only_segment),
		cmocka_unit_test(test_backing_references),
		cmocka_unit_test(test_text_shared_through_page_cache),
		cmocka_unit_test(test_private_write),
		cmocka_unit_test(test_at_random_seeds),
		cmocka_unit_test(test_fuzz_load),
		cmocka_unit_test(test_load_fixture),
		cmocka_unit_test(test_load_fixture_pie),
	};
	int failed;

	if (make_tmpdir(NULL))
		return 1;
	failed = cmocka_run_group_tests_name("elf_check", checks, NULL, NULL);
	failed += cmocka_run_group_tests_name("elf_load", loads, boot, unboot);
	remove_tmpdir(NULL);
	return failed;
}
