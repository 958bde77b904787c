/*
 * hostile_exec SELF - execve of corrupted executables. SELF is a copy of
 * this program in the root (a valid static i386 ELF file); each case
 * writes a damaged copy of it, or some other bytes, to a scratch
 * directory, and a child execs it. execve must fail with Linux's errno
 * (the child exits with it) and the parent goes on: it prints each
 * child's fate, then writes and sums 1 MiB and prints the checksum.
 * Then `SELF ok` is exec'd the same way: the undamaged file still runs.
 *
 * The files go to ./hostile_exec.d, removed at the end: i386mm executes
 * only from its root (hostfs, so run it with --root-rw).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile_work.h"

#define MAX_IMAGE	(4u << 20)

static unsigned char image[MAX_IMAGE];
static size_t image_len;
static char dir[64];

static const char *errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ ENOEXEC, "ENOEXEC" }, { EINVAL, "EINVAL" }, { EIO, "EIO" },
		{ ENOENT, "ENOENT" }, { EACCES, "EACCES" },
		{ ENOMEM, "ENOMEM" }, { E2BIG, "E2BIG" }, { EFAULT, "EFAULT" },
		{ ELIBBAD, "ELIBBAD" }, { ENOTDIR, "ENOTDIR" },
	};
	static char other[16];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

static int load_self(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, image + image_len, MAX_IMAGE - image_len)) > 0)
		image_len += (size_t)n;
	close(fd);
	return n < 0 || image_len < sizeof(Elf32_Ehdr) ||
	       image_len == MAX_IMAGE ? -1 : 0;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, buf, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* Exec path in a child; print how that went. */
static void try_exec(const char *name, const char *path)
{
	char *argv[] = { (char *)path, "ok", NULL }, *envp[] = { NULL };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("%s: fork failed\n", name);
		return;
	}
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(errno < 256 ? errno : 255);
	}
	if (waitpid(pid, &status, 0) != pid)
		printf("%s: waitpid failed\n", name);
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", name, WTERMSIG(status));
	else if (WEXITSTATUS(status) == 0)
		printf("%s: ran and exited 0\n", name);
	else
		printf("%s: execve failed with %s\n", name,
		       errno_name(WEXITSTATUS(status)));
	unlink(path);
}

/* A copy of the image with one edit, exec'd. */
static void try_image(const char *name, const void *buf, size_t len)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (write_file(path, buf, len)) {
		printf("%s: cannot write the file\n", name);
		return;
	}
	try_exec(name, path);
}

static unsigned char copy[MAX_IMAGE];

static Elf32_Ehdr *fresh(void)
{
	memcpy(copy, image, image_len);
	return (Elf32_Ehdr *)copy;
}

static Elf32_Phdr *phdr(Elf32_Ehdr *eh, unsigned type)
{
	Elf32_Phdr *ph = (Elf32_Phdr *)(copy + eh->e_phoff);
	unsigned i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == type)
			return &ph[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const char text[] = "this is not an executable\n";
	Elf32_Ehdr *eh;
	Elf32_Phdr *ph;

	if (argc == 2 && !strcmp(argv[1], "ok"))
		return 0;	/* exec'd by the parent: it runs */
	if (argc != 2 || load_self(argv[1])) {
		fprintf(stderr, "usage: hostile_exec SELF (a copy of it)\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "./hostile_exec.d");
	if (mkdir(dir, 0700)) {
		perror("mkdir");
		return 3;
	}

	try_image("empty", "", 0);
	try_image("text", text, sizeof(text) - 1);
	try_image("header_only", image, 20);

	eh = fresh();
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	try_image("class64", copy, image_len);
	eh = fresh();
	eh->e_ident[EI_DATA] = ELFDATA2MSB;
	try_image("big_endian", copy, image_len);
	eh = fresh();
	eh->e_machine = EM_X86_64;
	try_image("machine", copy, image_len);
	eh = fresh();
	eh->e_type = ET_REL;
	try_image("type_rel", copy, image_len);
	eh = fresh();
	eh->e_phentsize = 16;
	try_image("phentsize", copy, image_len);
	eh = fresh();
	eh->e_phnum = 0xffff;
	try_image("phnum_huge", copy, image_len);
	eh = fresh();
	eh->e_phoff = (Elf32_Off)image_len + 4096;
	try_image("phoff_past_end", copy, image_len);
	eh = fresh();
	ph = phdr(eh, PT_LOAD);
	ph->p_filesz = ph->p_memsz + 4096;
	try_image("filesz_over_memsz", copy, image_len);
	eh = fresh();
	ph = phdr(eh, PT_LOAD);
	ph->p_vaddr = 0xbffff000u;
	ph->p_paddr = ph->p_vaddr;
	ph->p_memsz = 0x10000;
	ph->p_offset = ph->p_vaddr & 0xfffu;
	try_image("load_kernel_half", copy, image_len);

	try_image("intact", image, image_len);
	printf("work: checksum %08x\n", work());
	rmdir(dir);
	return 0;
}
