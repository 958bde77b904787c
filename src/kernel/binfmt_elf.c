/*
 * binfmt_elf.c - the second half of exec: load a checked static i386 ELF
 * executable into a fresh address space (Linux's load_elf_binary).
 *
 * The program is a struct file (open_exec: the host path through the
 * kernel's exec mount), and each PT_LOAD's file part is a private file
 * mapping of it, made as mmap(2) makes one (vfs_mmap): its pages are the
 * page cache's, read from the host file on the first fault anywhere (a
 * major fault) and shared by every mapping of the file since; a write
 * copies the page (COW) so the file is never changed. Each segment VMA
 * holds the file (vm_file); the last unmap lets it go. .bss is an
 * anonymous mapping, and the rest of the last file page past p_filesz
 * is zeroed as Linux's padzero does, so the program never sees the
 * bytes that follow its data in the file. The stack and its tables are
 * exec_stack.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binfmt.h"
#include "fs.h"
#include "gfp.h"
#include "kern_fs.h"
#include "mm.h"

static const uint8_t zeros[PAGE_SIZE];

/* Zero from the end of the file data to the end of its page (padzero). */
static int padzero(struct mm_struct *mm, uint32_t elf_bss)
{
	uint32_t n = PAGE_SIZE - (elf_bss & ~PAGE_MASK);

	if (access_process_vm(mm, elf_bss, (void *)zeros, n, 1) != (int)n)
		return -EFAULT;
	return 0;
}

static int mmap_failed(uint32_t addr, const struct elf_segment *s,
		       const char *what, char *err, size_t errlen)
{
	int ret = (int)addr;

	return exec_fail(err, errlen, ret, "cannot map the %s of segment %d at 0x%x: %s",
			 what, s->phdr_index, s->vaddr, strerror(-ret));
}

/*
 * Map one segment as Linux's elf_map + set_brk: the file pages, the
 * zeroed tail of the last one, then anonymous pages for the rest of
 * p_memsz. A read-only segment with .bss is mapped writable until its
 * tail is zeroed.
 */
static int map_segment(struct mm_struct *mm, const struct elf_segment *s,
		       struct file *file, char *err, size_t errlen)
{
	uint32_t start = s->vaddr & PAGE_MASK;
	uint32_t elf_bss = s->vaddr + s->filesz;
	uint32_t file_end = s->filesz ? PAGE_ALIGN(elf_bss) : start;
	uint32_t mem_end = PAGE_ALIGN(s->vaddr + s->memsz);
	int tail = s->memsz > s->filesz && s->filesz && (elf_bss & ~PAGE_MASK);
	int prot = tail ? s->prot | PROT_WRITE : s->prot;
	uint32_t addr;

	if (file_end > start) {
		addr = vfs_mmap(mm, file, start, file_end - start, prot,
				MAP_PRIVATE | MAP_FIXED, s->offset >> PAGE_SHIFT);
		if (IS_ERR_VALUE(addr))
			return mmap_failed(addr, s, "file pages", err, errlen);
	}
	if (tail && padzero(mm, elf_bss))
		return exec_fail(err, errlen, -EFAULT,
				 "cannot zero the end of segment %d at 0x%x",
				 s->phdr_index, elf_bss);
	if (prot != s->prot &&
	    do_mprotect(mm, start, file_end - start, s->prot))
		return exec_fail(err, errlen, -ENOMEM,
				 "cannot protect segment %d at 0x%x",
				 s->phdr_index, s->vaddr);
	if (mem_end > file_end) {
		addr = do_mmap_pgoff(mm, file_end, mem_end - file_end, s->prot,
				     MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS,
				     0, NULL, NULL);
		if (IS_ERR_VALUE(addr))
			return mmap_failed(addr, s, "bss", err, errlen);
	}
	return 0;
}

/* Give a failed exec's mm back empty, as the caller handed it over. */
static void unmap_all(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	while ((vma = mm->mmap) != NULL)
		if (do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start))
			break;
	mm->start_code = mm->end_code = mm->start_data = mm->end_data = 0;
	mm->start_brk = mm->brk = mm->start_stack = 0;
	mm->arg_start = mm->arg_end = mm->env_start = mm->env_end = 0;
}

static int map_segments(struct mm_struct *mm, const struct elf_image *img,
			struct file *file, char *err, size_t errlen)
{
	int i, ret = 0;

	for (i = 0; i < img->nr_segments && !ret; i++)
		ret = map_segment(mm, &img->seg[i], file, err, errlen);
	if (ret)
		unmap_all(mm);
	return ret;
}

/* The stack goes right below STACK_TOP; no segment may be in the way. */
static int check_stack_room(const struct elf_image *img, uint32_t size,
			    char *err, size_t errlen)
{
	uint32_t stack_start = STACK_TOP - size;
	int i;

	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (PAGE_ALIGN(s->vaddr + s->memsz) > stack_start)
			return exec_fail(err, errlen, -ENOEXEC,
					 "segment %d [0x%x-0x%x) overlaps the stack [0x%x-0x%x)",
					 s->phdr_index, s->vaddr,
					 s->vaddr + s->memsz, stack_start,
					 STACK_TOP);
	}
	return 0;
}

static void set_mm_bounds(struct mm_struct *mm, const struct elf_image *img)
{
	mm->start_code = img->start_code;
	mm->end_code = img->end_code;
	mm->start_data = img->start_data;
	mm->end_data = img->end_data;
	mm->start_brk = mm->brk = PAGE_ALIGN(img->elf_brk);
}

/* After the checks: map, build the stack, fill *out. */
static int exec_image(struct mm_struct *mm, struct file *file,
		      struct elf_image *img,
		      struct linux_binprm *bprm, const struct exec_params *p,
		      struct exec_result *out, char *err, size_t errlen)
{
	uint32_t stack_size = exec_stack_size(bprm);
	uint32_t at_random;
	int ret;

	ret = check_stack_room(img, stack_size, err, errlen);
	if (ret)
		return ret;
	ret = map_segments(mm, img, file, err, errlen);
	if (ret)
		return ret;
	set_mm_bounds(mm, img);
	ret = setup_arg_pages(mm, stack_size, img->exec_stack);
	if (ret) {
		exec_fail(err, errlen, ret, "cannot set up the stack: %s",
			  strerror(-ret));
		goto fail;
	}
	ret = create_elf_tables(mm, bprm, img, p, &at_random, err, errlen);
	if (ret)
		goto fail;
	mm->start_stack = bprm->sp;
	out->entry = img->entry;
	out->sp = bprm->sp;
	out->load_bias = img->load_bias;
	out->at_random = at_random;
	out->exec_stack = img->exec_stack;
	return 0;
fail:
	unmap_all(mm);
	return ret;
}

/*
 * The checked host file as a struct file: the exec mount's, and the same
 * object (device and inode) the checks read, or -ENOEXEC.
 */
static struct file *open_checked(const char *host_path, int fd, char *err,
				 size_t errlen)
{
	struct file *file = open_exec(host_path);
	struct stat st;

	if (IS_ERR(file)) {
		exec_fail(err, errlen, (int)PTR_ERR(file), "cannot open: %s",
			  strerror((int)-PTR_ERR(file)));
		return file;
	}
	if (fstat(fd, &st) ||
	    (unsigned long)st.st_ino != file->f_dentry->d_inode->i_ino) {
		fput(file);
		exec_fail(err, errlen, -ENOEXEC, "changed while being loaded");
		return ERR_PTR(-ENOEXEC);
	}
	return file;
}

int load_elf_binary(struct mm_struct *mm, const char *host_path,
		    const char *execfn, char *const argv[], char *const envp[],
		    const struct exec_params *p, struct exec_result *out,
		    char *err, size_t errlen)
{
	static const struct exec_params defaults;
	struct linux_binprm bprm = {
		.filename = host_path,
		.execfn = execfn ? execfn : host_path,
		.argv = argv,
		.envp = envp,
	};
	struct elf_image *img;
	struct file *file = NULL;
	int fd, ret;

	if (mm->mmap)
		return exec_fail(err, errlen, -EINVAL,
				 "exec needs an empty address space");
	ret = count_exec_strings(&bprm, err, errlen);
	if (ret)
		return ret;
	fd = open(host_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return exec_fail(err, errlen, -errno, "cannot open: %s",
				 strerror(errno));
	img = calloc(1, sizeof(*img));
	if (!img) {
		close(fd);
		return exec_fail(err, errlen, -ENOMEM,
				 "out of memory");
	}
	ret = elf_check_image(fd, img, err, errlen);
	if (!ret) {
		file = open_checked(host_path, fd, err, errlen);
		if (IS_ERR(file))
			ret = (int)PTR_ERR(file);
	}
	close(fd);
	if (!ret) {
		ret = exec_image(mm, file, img, &bprm, p ? p : &defaults, out,
				 err, errlen);
		fput(file);	/* the segment VMAs hold their own */
	}
	free(img);
	return ret;
}
