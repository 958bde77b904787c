/*
 * binfmt.h - executing a program: the ELF loader for static i386
 * executables and the initial user stack it builds (Linux's binfmt_elf and
 * create_elf_tables).
 *
 * exec goes in two steps, as Linux's load_elf_binary does before and after
 * its point of no return:
 *   1. elf_check_image() reads and checks the file's headers (with libelf)
 *      and needs no address space, so a bad file is refused before any
 *      memory is touched;
 *   2. load_elf_binary() maps the checked PT_LOAD segments into a fresh mm
 *      as private file mappings of the program opened through the VFS, so
 *      text pages are page-cache pages shared by every mapping; maps .bss,
 *      creates the stack and writes argc, argv, envp and the auxiliary
 *      vector on it.
 * Both return 0 or -errno and, on error, write ONE human line into err
 * naming what is wrong ("not an i386 ELF file (machine 62)"), without the
 * file's name, which the caller puts in front. Segment
 * numbers in messages are program header indices, as `readelf -l` lists
 * them. Nothing read from the file is trusted: every offset and size is
 * checked (in 64-bit arithmetic) before it is used.
 */
#ifndef I386MM_BINFMT_H
#define I386MM_BINFMT_H

#include <stddef.h>
#include <stdint.h>

struct mm_struct;

/* Fixed load address of a static PIE (ET_DYN without PT_INTERP): Linux's
 * ELF_ET_DYN_BASE on i386, without randomisation. */
#define ELF_ET_DYN_BASE		0x56555000u
/* At most this many program headers (Linux: one page of them). */
#define ELF_MAX_PHNUM		128
/* Bytes of argument, environment and execfn strings exec accepts
 * (Linux 2.6's MAX_ARG_PAGES * PAGE_SIZE); more is -E2BIG. */
#define MAX_ARG_STRINGS_BYTES	(128u * 1024)
/* Room left below the arguments when the stack VMA is created (Linux's
 * stack_expand); the stack grows down past it on demand. */
#define EXEC_STACK_EXPAND	(128u * 1024)
/* AT_HWCAP when exec_params gives none: CPUID.1:EDX of a P6-class CPU. */
#define ELF_HWCAP_DEFAULT	0x178bfbffu
#define ELF_PLATFORM		"i686"

/* One PT_LOAD segment, addresses already moved by the load bias. */
struct elf_segment {
	int phdr_index;			/* for messages */
	uint32_t vaddr;			/* p_vaddr + load_bias */
	uint32_t memsz;
	uint32_t filesz;
	uint32_t offset;		/* p_offset */
	int prot;			/* PROT_READ/WRITE/EXEC from p_flags */
};

/* What elf_check_image found: everything load_elf_binary needs. */
struct elf_image {
	uint16_t e_type;		/* ET_EXEC or ET_DYN (static PIE) */
	uint32_t load_bias;		/* 0 for ET_EXEC */
	uint32_t entry;			/* e_entry + load_bias */
	uint32_t phdr_addr;		/* AT_PHDR: program headers in memory */
	uint32_t phnum;			/* AT_PHNUM */
	int exec_stack;			/* PT_GNU_STACK has PF_X, or none */
	uint64_t file_size;
	int nr_segments;		/* PT_LOADs with p_memsz > 0 */
	struct elf_segment seg[ELF_MAX_PHNUM];
	uint32_t start_code, end_code;	/* as Linux fills in mm_struct */
	uint32_t start_data, end_data;
	uint32_t elf_brk;		/* end of the highest segment */
};

/* What the caller chooses about the new process image. */
struct exec_params {
	uint64_t random_seed;		/* AT_RANDOM's bytes derive from it */
	uint32_t uid, euid, gid, egid;
	uint32_t hwcap;			/* AT_HWCAP, 0: ELF_HWCAP_DEFAULT */
};

/* Where the new image starts: the registers exec sets. */
struct exec_result {
	uint32_t entry;			/* initial EIP */
	uint32_t sp;			/* initial ESP, pointing at argc */
	uint32_t load_bias;
	uint32_t at_random;		/* address of the 16 AT_RANDOM bytes */
	int exec_stack;			/* the stack VMA is executable */
};

/*
 * The exec in progress (Linux's struct linux_binprm): the strings to copy
 * and, while the stack is built, the lowest byte written so far (p).
 */
struct linux_binprm {
	const char *filename;		/* host path being executed */
	const char *execfn;		/* the path the program was run as */
	char *const *argv;
	char *const *envp;
	int argc, envc;
	uint32_t strings_size;		/* argv + envp + execfn, with NULs */
	uint32_t p;			/* lowest stack byte written so far */
	uint32_t exec;			/* user address of the execfn string */
	uint32_t sp;			/* where argc went: the initial ESP */
};

/*
 * Read and check the ELF headers of the open file fd: a static i386
 * executable (ET_EXEC, or ET_DYN without PT_INTERP loaded at
 * ELF_ET_DYN_BASE) whose PT_LOAD segments lie inside the file and inside
 * user space, are page-congruent, do not share pages, and include an
 * executable one holding the entry point. Fills *img. Returns 0, -ENOEXEC
 * for a file that is not such an executable, -EIO for a read error.
 */
int elf_check_image(int fd, struct elf_image *img, char *err, size_t errlen);

/*
 * Execute host_path in mm, which must be fresh (mm_alloc, no VMAs):
 * check it, map its segments, create the stack for argv/envp (NULL means
 * empty) and fill *out with the entry point and initial stack pointer.
 * execfn is the path as the program was invoked (AT_EXECFN); p may be
 * NULL (seed 0, root). On error returns -errno (-ENOENT, -EACCES, -ENOEXEC,
 * -E2BIG, -ENOMEM, -EIO...) with the message in err, and mm holds no VMA
 * again; the caller still owns mm (mmput frees its page tables).
 */
int load_elf_binary(struct mm_struct *mm, const char *host_path,
		    const char *execfn, char *const argv[], char *const envp[],
		    const struct exec_params *p, struct exec_result *out,
		    char *err, size_t errlen);

/*
 * The initial stack (exec_stack.c). count_exec_strings fills argc, envc
 * and strings_size of bprm, returning -E2BIG past MAX_ARG_STRINGS_BYTES;
 * exec_stack_size is the size to give setup_arg_pages;
 * create_elf_tables writes strings, platform, AT_RANDOM, auxv, envp, argv
 * and argc below STACK_TOP, sets mm->arg_* and env_*, and bprm->sp.
 */
int count_exec_strings(struct linux_binprm *bprm, char *err, size_t errlen);
uint32_t exec_stack_size(const struct linux_binprm *bprm);
int create_elf_tables(struct mm_struct *mm, struct linux_binprm *bprm,
		      const struct elf_image *img, const struct exec_params *p,
		      uint32_t *at_random, char *err, size_t errlen);

/* Helpers shared by the exec files: format err, return ret; a pread
 * that only comes back short at end of file (-1 on error). */
int exec_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
long exec_pread(int fd, void *buf, size_t len, uint64_t off);

/* The AT_RANDOM bytes for a seed: splitmix64, two outputs little-endian. */
void exec_random_bytes(uint64_t seed, uint8_t out[16]);

#endif
