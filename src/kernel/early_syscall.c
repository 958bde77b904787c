/*
 * early_syscall.c - a stand-in system-call entry serving exit, exit_group
 * and write to stdout/stderr only, so the run loop can run -nostdlib
 * guests before the real syscall layer (include/syscalls.h) is merged.
 * Every other call fails with -ENOSYS. It goes once do_syscall lands.
 */
#include <errno.h>
#include <unistd.h>

#include "cpu.h"
#include "kernel.h"
#include "sched.h"
#include "mm.h"

#define __NR_exit	1
#define __NR_write	4
#define __NR_exit_group	252

static int early_exit(uint32_t code)
{
	current->exit_code = (int)((code & 0xff) << 8);
	current->state = EXIT_ZOMBIE;
	return CPU_SYSCALL_STOP;
}

/* Chunk by chunk from guest memory to the host's fd 1 or 2. */
static uint32_t early_write(uint32_t fd, uint32_t buf, uint32_t count)
{
	char chunk[4096];
	uint32_t done = 0;

	if (fd != 1 && fd != 2)
		return (uint32_t)-EBADF;
	while (done < count) {
		uint32_t n = count - done;
		int got;

		if (n > sizeof(chunk))
			n = sizeof(chunk);
		got = access_process_vm(current->mm, buf + done, chunk, n, 0);
		if (got > 0 && write((int)fd, chunk, (size_t)got) != got)
			return done ? done : (uint32_t)-EIO;
		done += got > 0 ? (uint32_t)got : 0;
		if ((uint32_t)got < n)
			return done ? done : (uint32_t)-EFAULT;
	}
	return done;
}

int early_syscall(void *opaque)
{
	uint32_t nr = cpu_get_reg(CPU_EAX);
	uint32_t ebx = cpu_get_reg(CPU_EBX);

	(void)opaque;
	switch (nr) {
	case __NR_exit:
	case __NR_exit_group:
		return early_exit(ebx);
	case __NR_write:
		cpu_set_reg(CPU_EAX, early_write(ebx, cpu_get_reg(CPU_ECX),
						 cpu_get_reg(CPU_EDX)));
		return CPU_SYSCALL_CONTINUE;
	default:
		cpu_set_reg(CPU_EAX, (uint32_t)-ENOSYS);
		return CPU_SYSCALL_CONTINUE;
	}
}
