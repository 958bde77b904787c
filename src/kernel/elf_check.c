/*
 * elf_check.c - the first half of exec: read an ELF file's headers with
 * libelf and decide whether it is a static i386 executable we can load,
 * before any address space is touched (Linux does these checks in
 * load_elf_binary ahead of flush_old_exec, its point of no return).
 *
 * The file is untrusted input. Every offset and size is checked against the
 * file and against user space in 64-bit arithmetic before it is used, and
 * each refusal is one line naming the first thing wrong, so a user who runs
 * the wrong file learns why from a single message.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binfmt.h"
#include "mm.h"
#include "hostio.h"

#define INTERP_MAX	4096	/* PATH_MAX: Linux refuses longer PT_INTERPs */

int exec_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ret = verrmsg(err, errlen, ret, fmt, ap);
	va_end(ap);
	return ret;
}

/* pread all of len bytes at off, or fewer only at end of file. */
long exec_pread(int fd, void *buf, size_t len, uint64_t off)
{
	long n = host_pread_full(fd, buf, len, off);

	if (n < 0) {		/* callers report errno */
		errno = (int)-n;
		return -1;
	}
	return n;
}

/* The e_ident checks, done by hand so each gets its own message. */
static int check_ident(int fd, uint64_t size, char *err, size_t errlen)
{
	unsigned char id[EI_NIDENT];
	ssize_t n = exec_pread(fd, id, sizeof(id), 0);

	if (n < 0)
		return exec_fail(err, errlen, -EIO, "cannot read the ELF header: %s",
				 strerror(errno));
	if (n < SELFMAG || memcmp(id, ELFMAG, SELFMAG) != 0)
		return exec_fail(err, errlen, -ENOEXEC, "not an ELF file");
	if (n < EI_NIDENT)
		return exec_fail(err, errlen, -ENOEXEC,
				 "truncated: the ELF header needs %zu bytes, the file has %zd",
				 sizeof(Elf32_Ehdr), n);
	if (id[EI_CLASS] == ELFCLASS64)
		return exec_fail(err, errlen, -ENOEXEC,
				 "not a 32-bit ELF file (it is 64-bit)");
	if (id[EI_CLASS] != ELFCLASS32)
		return exec_fail(err, errlen, -ENOEXEC,
				 "not a 32-bit ELF file (class %u)", id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return exec_fail(err, errlen, -ENOEXEC,
				 "not a little-endian ELF file (data encoding %u)",
				 id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT)
		return exec_fail(err, errlen, -ENOEXEC,
				 "unsupported ELF version %u", id[EI_VERSION]);
	if (size < sizeof(Elf32_Ehdr))
		return exec_fail(err, errlen, -ENOEXEC,
				 "truncated: the ELF header needs %zu bytes, the file has %llu",
				 sizeof(Elf32_Ehdr), (unsigned long long)size);
	return 0;
}

static const char *type_name(unsigned type)
{
	switch (type) {
	case ET_NONE: return "no file type";
	case ET_REL: return "relocatable object";
	case ET_CORE: return "core dump";
	default: return "unknown";
	}
}

static int check_ehdr(const Elf32_Ehdr *eh, uint64_t size, char *err,
		      size_t errlen)
{
	if (eh->e_machine != EM_386)
		return exec_fail(err, errlen, -ENOEXEC,
				 "not an i386 ELF file (machine %u)", eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return exec_fail(err, errlen, -ENOEXEC,
				 "unsupported ELF type %u (%s): only executables run",
				 eh->e_type, type_name(eh->e_type));
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return exec_fail(err, errlen, -ENOEXEC,
				 "bad program header size %u (expected %zu)",
				 eh->e_phentsize, sizeof(Elf32_Phdr));
	if (eh->e_phnum == 0)
		return exec_fail(err, errlen, -ENOEXEC,
				 "no program headers, so no loadable segments");
	if (eh->e_phnum > ELF_MAX_PHNUM)
		return exec_fail(err, errlen, -ENOEXEC,
				 "too many program headers (%u, at most %d)",
				 eh->e_phnum, ELF_MAX_PHNUM);
	if ((uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr)
	    > size)
		return exec_fail(err, errlen, -ENOEXEC,
				 "truncated: the program headers (offset 0x%x, %u of them) extend past the end of the file",
				 eh->e_phoff, eh->e_phnum);
	return 0;
}

/* Name the interpreter a dynamically linked program asks for. */
static int refuse_interp(int fd, const Elf32_Phdr *ph, uint64_t size,
			 char *err, size_t errlen)
{
	char path[INTERP_MAX];
	size_t i;

	if (ph->p_filesz < 2 || ph->p_filesz > INTERP_MAX ||
	    (uint64_t)ph->p_offset + ph->p_filesz > size ||
	    exec_pread(fd, path, ph->p_filesz, ph->p_offset) !=
	    (ssize_t)ph->p_filesz || path[ph->p_filesz - 1] != '\0')
		return exec_fail(err, errlen, -ENOEXEC,
				 "dynamically linked (needs an interpreter): only static executables run");
	for (i = 0; path[i]; i++)
		if (path[i] < 0x20 || path[i] > 0x7e)
			path[i] = '?';
	return exec_fail(err, errlen, -ENOEXEC,
			 "dynamically linked (needs interpreter %s): only static executables run",
			 path);
}

static int pf_to_prot(uint32_t flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) |
	       ((flags & PF_W) ? PROT_WRITE : 0) |
	       ((flags & PF_X) ? PROT_EXEC : 0);
}

/* Check one PT_LOAD against the file and user space; add it to img. */
static int add_segment(struct elf_image *img, int idx, const Elf32_Phdr *ph,
		       int64_t bias, char *err, size_t errlen)
{
	int64_t start = (int64_t)ph->p_vaddr + bias;
	int64_t end = start + ph->p_memsz;
	int64_t pstart = start & ~(int64_t)(PAGE_SIZE - 1);
	int64_t pend = (end + PAGE_SIZE - 1) & ~(int64_t)(PAGE_SIZE - 1);
	struct elf_segment *s;
	int i;

	if (ph->p_filesz > ph->p_memsz)
		return exec_fail(err, errlen, -ENOEXEC,
				 "segment %d: file size 0x%x exceeds memory size 0x%x",
				 idx, ph->p_filesz, ph->p_memsz);
	if ((uint64_t)ph->p_offset + ph->p_filesz > img->file_size)
		return exec_fail(err, errlen, -ENOEXEC,
				 "truncated: segment %d extends past the end of the file",
				 idx);
	if ((ph->p_vaddr - ph->p_offset) & (PAGE_SIZE - 1))
		return exec_fail(err, errlen, -ENOEXEC,
				 "segment %d: address 0x%x and file offset 0x%x differ modulo the page size",
				 idx, ph->p_vaddr, ph->p_offset);
	if (pstart < 0 || pend > TASK_SIZE)
		return exec_fail(err, errlen, -ENOEXEC,
				 "segment %d [0x%llx-0x%llx) is outside user space",
				 idx, (long long)start, (long long)end);
	if (pstart < MMAP_MIN_ADDR)
		return exec_fail(err, errlen, -ENOEXEC,
				 "segment %d at 0x%llx is below the lowest mappable address 0x%x",
				 idx, (long long)start, MMAP_MIN_ADDR);
	for (i = 0; i < img->nr_segments; i++) {
		s = &img->seg[i];
		/* checked segments end at most at TASK_SIZE: no overflow */
		if (pstart < PAGE_ALIGN(s->vaddr + s->memsz) &&
		    (int64_t)(s->vaddr & PAGE_MASK) < pend)
			return exec_fail(err, errlen, -ENOEXEC,
					 "segments %d and %d overlap",
					 s->phdr_index, idx);
	}
	s = &img->seg[img->nr_segments++];
	s->phdr_index = idx;
	s->vaddr = (uint32_t)start;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_offset;
	s->prot = pf_to_prot(ph->p_flags);
	return 0;
}

/* A static PIE goes to ELF_ET_DYN_BASE; its lowest page lands there. */
static int64_t load_bias(const Elf32_Ehdr *eh, const Elf32_Phdr *ph)
{
	uint32_t lowest = UINT32_MAX;
	int i;

	if (eh->e_type != ET_DYN)
		return 0;
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_memsz &&
		    ph[i].p_vaddr < lowest)
			lowest = ph[i].p_vaddr;
	if (lowest == UINT32_MAX)
		return 0;
	return (int64_t)ELF_ET_DYN_BASE - (int64_t)(lowest & PAGE_MASK);
}

/* Linux's mm bookkeeping: code and data bounds, the end of bss. */
static void fill_bounds(struct elf_image *img)
{
	int i;

	img->start_code = UINT32_MAX;
	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint32_t file_end = s->vaddr + s->filesz;

		if (s->vaddr < img->start_code)
			img->start_code = s->vaddr;
		if (s->vaddr > img->start_data)
			img->start_data = s->vaddr;
		if ((s->prot & PROT_EXEC) && file_end > img->end_code)
			img->end_code = file_end;
		if (file_end > img->end_data)
			img->end_data = file_end;
		if (s->vaddr + s->memsz > img->elf_brk)
			img->elf_brk = s->vaddr + s->memsz;
	}
}

static int entry_ok(const struct elf_image *img)
{
	int i;

	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if ((s->prot & PROT_EXEC) && img->entry >= s->vaddr &&
		    (uint64_t)img->entry < (uint64_t)s->vaddr + s->memsz)
			return 1;
	}
	return 0;
}

/*
 * AT_PHDR: PT_PHDR says where the headers are; otherwise find the
 * segment whose file part holds them; otherwise Linux 2.6's guess from
 * the first segment.
 */
static uint32_t phdr_address(const Elf32_Ehdr *eh, const Elf32_Phdr *ph,
			     const struct elf_image *img)
{
	uint64_t lo = eh->e_phoff, hi = lo + eh->e_phnum * sizeof(Elf32_Phdr);
	int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr + img->load_bias;
	for (i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (s->offset <= lo && hi <= (uint64_t)s->offset + s->filesz)
			return s->vaddr + (uint32_t)(lo - s->offset);
	}
	return img->seg[0].vaddr - img->seg[0].offset + eh->e_phoff;
}

static int check_phdrs(int fd, const Elf32_Ehdr *eh, const Elf32_Phdr *ph,
		       struct elf_image *img, char *err, size_t errlen)
{
	int64_t bias = load_bias(eh, ph);
	int i, ret;

	img->exec_stack = 1;	/* no PT_GNU_STACK: executable, as i386 */
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return refuse_interp(fd, &ph[i], img->file_size, err,
					     errlen);
		if (ph[i].p_type == PT_GNU_STACK)
			img->exec_stack = !!(ph[i].p_flags & PF_X);
	}
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		ret = add_segment(img, i, &ph[i], bias, err, errlen);
		if (ret)
			return ret;
	}
	if (img->nr_segments == 0)
		return exec_fail(err, errlen, -ENOEXEC, "no loadable segments");
	img->load_bias = (uint32_t)bias;
	img->entry = eh->e_entry + img->load_bias;
	if (!entry_ok(img))
		return exec_fail(err, errlen, -ENOEXEC,
				 "entry point 0x%x is outside every executable segment",
				 img->entry);
	img->phdr_addr = phdr_address(eh, ph, img);
	img->phnum = eh->e_phnum;
	img->e_type = eh->e_type;
	fill_bounds(img);
	return 0;
}

int elf_check_image(int fd, struct elf_image *img, char *err, size_t errlen)
{
	struct stat st;
	Elf *elf;
	Elf32_Ehdr *eh;
	Elf32_Phdr *ph;
	int ret;

	memset(img, 0, sizeof(*img));
	if (fstat(fd, &st) < 0)
		return exec_fail(err, errlen, -errno, "cannot stat the file: %s",
				 strerror(errno));
	if (!S_ISREG(st.st_mode))
		return exec_fail(err, errlen, -EACCES, "not a regular file");
	img->file_size = (uint64_t)st.st_size;
	ret = check_ident(fd, img->file_size, err, errlen);
	if (ret)
		return ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return exec_fail(err, errlen, -ENOEXEC, "libelf: %s",
				 elf_errmsg(-1));
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		ret = exec_fail(err, errlen, -ENOEXEC, "not a valid ELF file: %s",
				elf_errmsg(-1));
		goto out;
	}
	eh = elf32_getehdr(elf);
	if (!eh) {
		ret = exec_fail(err, errlen, -ENOEXEC,
				"cannot read the ELF header: %s", elf_errmsg(-1));
		goto out;
	}
	ret = check_ehdr(eh, img->file_size, err, errlen);
	if (ret)
		goto out;
	ph = elf32_getphdr(elf);
	if (!ph) {
		ret = exec_fail(err, errlen, -ENOEXEC,
				"cannot read the program headers: %s",
				elf_errmsg(-1));
		goto out;
	}
	ret = check_phdrs(fd, eh, ph, img, err, errlen);
out:
	elf_end(elf);
	return ret;
}
