/*
 * fuzz_elf.c - exec of arbitrary bytes: the ELF checker and loader
 * (elf_check_image, load_elf_binary) through the real path, short of
 * running the CPU. The input becomes a host file, which is executed into
 * a fresh mm on a booted VFS (the exec mount, the page cache).
 *
 * A refusal must be one line of error and an mm with no VMA. An
 * accepted file must look to the program as its file says: the entry
 * point in an executable VMA, argc = 1 at the initial stack pointer,
 * and, for each PT_LOAD segment (its first pages), the file's bytes at
 * p_vaddr and zeros from p_filesz to p_memsz, or no access at all for a
 * segment without p_flags. After each input the mm
 * and the file systems go down, and every frame, struct file and host
 * descriptor must be back.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binfmt.h"
#include "fs.h"
#include "fuzz.h"
#include "gfp.h"
#include "kern_fs.h"
#include "mm.h"
#include "page.h"
#include "slab.h"

#define CHECK_PAGES	2	/* of each segment's file part and .bss */

static char root[512];
static int booted, fds_boot;
static unsigned long frames_boot;
static uint8_t want[PAGE_SIZE], got[PAGE_SIZE];

static void boot(void)
{
	snprintf(root, sizeof(root), "%s/root", fuzz_dir());
	FUZZ_CHECK(mkdir(root, 0755) == 0, "mkdir %s", root);
	FUZZ_CHECK(mem_init(32ull << 20) == 0, "mem_init");
	shrink_slab(~0ul, GFP_KERNEL);
	frames_boot = nr_free_pages();
	fds_boot = fuzz_nr_open_fds();
	booted = 1;
}

/* The image's memory from va, len bytes, equals buf (or zeros). */
static void check_bytes(struct mm_struct *mm, uint32_t va, const void *buf,
			uint32_t len, const char *what, int seg)
{
	FUZZ_CHECK(access_process_vm(mm, va, got, len, 0) == (int)len,
		   "segment %d: %s at 0x%x unreadable", seg, what, va);
	if (!buf) {
		memset(want, 0, len);
		buf = want;
	}
	FUZZ_CHECK(!memcmp(got, buf, len), "segment %d: %s at 0x%x differs",
		   seg, what, va);
}

static void check_segment(struct mm_struct *mm, int fd,
			  const struct elf_segment *s)
{
	uint32_t off, n;

	if (!s->prot) {		/* p_flags 0: PROT_NONE, no access */
		FUZZ_CHECK(access_process_vm(mm, s->vaddr, got, 1, 0) == 0,
			   "segment %d: PROT_NONE, yet readable",
			   s->phdr_index);
		return;
	}
	for (off = 0; off < s->filesz && off < CHECK_PAGES * PAGE_SIZE;
	     off += n) {
		n = s->filesz - off < PAGE_SIZE ? s->filesz - off : PAGE_SIZE;
		FUZZ_CHECK(exec_pread(fd, want, n, (uint64_t)s->offset + off)
			   == (long)n, "segment %d: file short", s->phdr_index);
		check_bytes(mm, s->vaddr + off, want, n, "file data",
			    s->phdr_index);
	}
	for (off = s->filesz; off < s->memsz &&
	     off < s->filesz + CHECK_PAGES * PAGE_SIZE; off += n) {
		n = s->memsz - off < PAGE_SIZE ? s->memsz - off : PAGE_SIZE;
		check_bytes(mm, s->vaddr + off, NULL, n, "bss",
			    s->phdr_index);
	}
}

static void check_image(struct mm_struct *mm, const char *path,
			const struct exec_result *out)
{
	static struct elf_image img;
	struct vm_area_struct *vma = find_vma(mm, out->entry);
	char err[256];
	uint32_t argc = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), i;

	FUZZ_CHECK(vma && vma->vm_start <= out->entry &&
		   (vma->vm_flags & VM_EXEC), "entry 0x%x not in code",
		   out->entry);
	FUZZ_CHECK(access_process_vm(mm, out->sp, &argc, 4, 0) == 4 &&
		   argc == 1, "argc %u at 0x%x", argc, out->sp);
	FUZZ_CHECK(fd >= 0 && elf_check_image(fd, &img, err, sizeof(err))
		   == 0, "loaded, yet the check refuses it now");
	for (i = 0; i < img.nr_segments; i++)
		check_segment(mm, fd, &img.seg[i]);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *const argv[] = { "prog", NULL };
	static char *const envp[] = { "HOME=/", NULL };
	const struct exec_params p = { .random_seed = 1, .uid = 1000,
				       .euid = 1000, .gid = 100,
				       .egid = 100 };
	struct exec_result out;
	struct mm_struct *mm;
	char err[256] = "";
	const char *path;
	int ret;

	if (!booted)
		boot();
	path = fuzz_write_file("prog", data, size);
	FUZZ_CHECK(fs_boot(root, 0, 0) == 0, "fs_boot");
	mm = mm_alloc();
	FUZZ_CHECK(mm, "mm_alloc");
	ret = load_elf_binary(mm, path, "/prog", argv, envp, &p, &out, err,
			      sizeof(err));
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "load: %d %s\n", ret, err);
	if (ret) {
		FUZZ_CHECK(ret < 0 && err[0] && !strchr(err, '\n'),
			   "ret %d, error \"%s\"", ret, err);
		FUZZ_CHECK(!mm->mmap && mm->map_count == 0,
			   "refused (%s), yet %d VMAs left", err,
			   mm->map_count);
	} else {
		check_image(mm, path, &out);
	}
	mmput(mm);
	FUZZ_CHECK(nr_files() == 0, "%ld files open", nr_files());
	fs_shutdown();
	shrink_slab(~0ul, GFP_KERNEL);
	FUZZ_CHECK(nr_free_pages() == frames_boot, "%ld frames lost",
		   (long)frames_boot - (long)nr_free_pages());
	FUZZ_CHECK(fuzz_nr_open_fds() == fds_boot, "host fds %d, at boot %d",
		   fuzz_nr_open_fds(), fds_boot);
	return 0;
}
