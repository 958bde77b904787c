/*
 * exec_stack.c - the new program's initial stack, laid out as Linux's
 * copy_strings + create_elf_tables do on i386, because static glibc reads
 * it exactly so at _start: argc at ESP, then argv[], NULL, envp[], NULL,
 * the auxiliary vector, and the strings they point to near the top.
 *
 *   STACK_TOP  -> 4 zero bytes
 *                 execfn string (AT_EXECFN)
 *                 envp strings, argv strings   (mm->env_*, mm->arg_*)
 *                 16-byte alignment
 *                 "i686" (AT_PLATFORM), 16 AT_RANDOM bytes
 *                 padding so that ESP is 16-byte aligned
 *                 auxv pairs ... AT_NULL
 *                 envp pointers, NULL, argv pointers, NULL
 *   ESP        -> argc
 *
 * Nothing is randomised: AT_RANDOM comes from the exec's seed, so equal
 * inputs give equal runs. Every byte goes in through access_process_vm,
 * which faults the stack pages in as the program's own writes would.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "binfmt.h"
#include "mm.h"

/* Entries create_elf_tables writes, AT_NULL included. */
#define AUXV_ENTRIES	19
#define AUXV_WORDS	(2 * AUXV_ENTRIES)

static int count_vector(char *const *v, int *count, uint32_t *bytes)
{
	int n = 0;

	for (; v && v[n]; n++) {
		*bytes += (uint32_t)strnlen(v[n], MAX_ARG_STRINGS_BYTES) + 1;
		if (*bytes > MAX_ARG_STRINGS_BYTES)
			return -E2BIG;
	}
	*count = n;
	return 0;
}

int count_exec_strings(struct linux_binprm *bprm, char *err, size_t errlen)
{
	uint32_t bytes = (uint32_t)strnlen(bprm->execfn,
					   MAX_ARG_STRINGS_BYTES) + 1;

	if (bytes > MAX_ARG_STRINGS_BYTES ||
	    count_vector(bprm->argv, &bprm->argc, &bytes) ||
	    count_vector(bprm->envp, &bprm->envc, &bytes))
		return exec_fail(err, errlen, -E2BIG,
				 "argument list too long: arguments, environment and program name take more than %u bytes",
				 MAX_ARG_STRINGS_BYTES);
	bprm->strings_size = bytes;
	return 0;
}

/* Words from argc up to and including AT_NULL. */
static uint32_t table_words(const struct linux_binprm *bprm)
{
	return 1 + (uint32_t)bprm->argc + 1 + (uint32_t)bprm->envc + 1 +
	       AUXV_WORDS;
}

uint32_t exec_stack_size(const struct linux_binprm *bprm)
{
	uint32_t need = sizeof(uint32_t) + bprm->strings_size + 15 +
			sizeof(ELF_PLATFORM) + 16 + 4 * table_words(bprm) + 15;

	return PAGE_ALIGN(need) + EXEC_STACK_EXPAND;
}

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void exec_random_bytes(uint64_t seed, uint8_t out[16])
{
	int i, j;

	for (i = 0; i < 2; i++) {
		uint64_t r = splitmix64(&seed);

		for (j = 0; j < 8; j++)
			out[8 * i + j] = (uint8_t)(r >> (8 * j));
	}
}

static int put_user(struct mm_struct *mm, uint32_t addr, const void *buf,
		    uint32_t len, char *err, size_t errlen)
{
	if (access_process_vm(mm, addr, (void *)buf, len, 1) == (int)len)
		return 0;
	return exec_fail(err, errlen, -EFAULT,
			 "cannot write the initial stack at 0x%x", addr);
}

/*
 * Copy n strings to consecutive addresses from addr up, recording each
 * one's user address in ptrs[]; returns the address after the last.
 */
static int copy_strings(struct mm_struct *mm, uint32_t *addr,
			char *const *v, int n, uint32_t *ptrs, char *err,
			size_t errlen)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		uint32_t len = (uint32_t)strlen(v[i]) + 1;

		ret = put_user(mm, *addr, v[i], len, err, errlen);
		if (ret)
			return ret;
		ptrs[i] = *addr;
		*addr += len;
	}
	return 0;
}

/* The auxiliary vector, in Linux's order (no vDSO: no AT_SYSINFO*). */
static void fill_auxv(uint32_t *t, const struct linux_binprm *bprm,
		      const struct elf_image *img, const struct exec_params *p,
		      uint32_t u_rand, uint32_t u_platform)
{
	const uint32_t aux[AUXV_WORDS] = {
		AT_HWCAP, p->hwcap ? p->hwcap : ELF_HWCAP_DEFAULT,
		AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, 100,
		AT_PHDR, img->phdr_addr,
		AT_PHENT, sizeof(Elf32_Phdr),
		AT_PHNUM, img->phnum,
		AT_BASE, 0,
		AT_FLAGS, 0,
		AT_ENTRY, img->entry,
		AT_UID, p->uid,
		AT_EUID, p->euid,
		AT_GID, p->gid,
		AT_EGID, p->egid,
		AT_SECURE, 0,
		AT_RANDOM, u_rand,
		AT_HWCAP2, 0,
		AT_EXECFN, bprm->exec,
		AT_PLATFORM, u_platform,
		AT_NULL, 0,
	};

	memcpy(t, aux, sizeof(aux));
}

/* The strings at the top: argv, envp, execfn, as copy_strings leaves them. */
static int push_strings(struct mm_struct *mm, struct linux_binprm *bprm,
			uint32_t *argv_ptrs, uint32_t *envp_ptrs, char *err,
			size_t errlen)
{
	uint32_t execfn_len = (uint32_t)strlen(bprm->execfn) + 1;
	uint32_t addr;
	int ret;

	bprm->p = STACK_TOP - sizeof(uint32_t) - bprm->strings_size;
	addr = bprm->p;
	mm->arg_start = addr;
	ret = copy_strings(mm, &addr, bprm->argv, bprm->argc, argv_ptrs, err,
			   errlen);
	if (ret)
		return ret;
	mm->arg_end = mm->env_start = addr;
	ret = copy_strings(mm, &addr, bprm->envp, bprm->envc, envp_ptrs, err,
			   errlen);
	if (ret)
		return ret;
	mm->env_end = addr;
	bprm->exec = addr;
	return put_user(mm, addr, bprm->execfn, execfn_len, err, errlen);
}

int create_elf_tables(struct mm_struct *mm, struct linux_binprm *bprm,
		      const struct elf_image *img, const struct exec_params *p,
		      uint32_t *at_random, char *err, size_t errlen)
{
	uint32_t words = table_words(bprm);
	uint32_t *table = calloc(words, sizeof(uint32_t));
	uint32_t *argv_ptrs, *envp_ptrs, u_platform, u_rand, sp;
	uint8_t rnd[16];
	int ret;

	if (!table)
		return exec_fail(err, errlen, -ENOMEM,
				 "out of memory building the initial stack");
	table[0] = (uint32_t)bprm->argc;
	argv_ptrs = table + 1;			/* argv[argc] stays NULL */
	envp_ptrs = argv_ptrs + bprm->argc + 1;	/* envp[envc] too */
	ret = push_strings(mm, bprm, argv_ptrs, envp_ptrs, err, errlen);
	if (ret)
		goto out;

	u_platform = (bprm->p & ~15u) - sizeof(ELF_PLATFORM);
	u_rand = u_platform - 16;
	sp = (u_rand - 4 * words) & ~15u;
	exec_random_bytes(p->random_seed, rnd);
	fill_auxv(envp_ptrs + bprm->envc + 1, bprm, img, p, u_rand,
		  u_platform);
	ret = put_user(mm, u_platform, ELF_PLATFORM, sizeof(ELF_PLATFORM),
		       err, errlen);
	if (!ret)
		ret = put_user(mm, u_rand, rnd, sizeof(rnd), err, errlen);
	if (!ret)
		ret = put_user(mm, sp, table, 4 * words, err, errlen);
	if (ret)
		goto out;
	bprm->p = bprm->sp = sp;
	*at_random = u_rand;
out:
	free(table);
	return ret;
}
