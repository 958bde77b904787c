/*
 * process.h - the process system calls of issue 5 (fork.c, exit.c,
 * sched.c): their Linux i386 numbers and handlers, beside syscalls.h's.
 */
#ifndef I386MM_PROCESS_H
#define I386MM_PROCESS_H

#include "syscalls.h"

#define __NR_fork		2
#define __NR_waitpid		7
#define __NR_execve		11
#define __NR_setpgid		57
#define __NR_getpgrp		65
#define __NR_setsid		66
#define __NR_wait4		114
#define __NR_clone		120
#define __NR_getpgid		132
#define __NR_getsid		147
#define __NR_vfork		190
#define __NR_waitid		284

/* clone flags glibc's fork passes */
#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000

/* wait options (the host's <stdlib.h> may have defined the same values) */
#undef WNOHANG
#undef WUNTRACED
#undef WEXITED
#undef WCONTINUED
#undef WNOWAIT
#undef __WALL
#undef __WCLONE
#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000
#define P_ALL		0
#define P_PID		1
#define P_PGID		2

/* copy_process's core for tests: the child of current, or -errno. */
long do_fork(uint32_t clone_flags, uint32_t parent_tidptr,
	     uint32_t child_tidptr);

/*
 * exec (exec.c): exec_set_root names the host directory of the root file
 * system (--root) and the seed AT_RANDOM derives from; do_execve runs
 * guest path name with user vectors argv and envp in current.
 */
void exec_set_root(const char *host_root, uint64_t seed);
long do_execve(const char *name, uint32_t uargv, uint32_t uenvp);

long sys_execve(const struct pt_regs *regs);
long sys_fork(const struct pt_regs *regs);
long sys_vfork(const struct pt_regs *regs);
long sys_clone(const struct pt_regs *regs);
long sys_waitpid(const struct pt_regs *regs);
long sys_wait4(const struct pt_regs *regs);
long sys_waitid(const struct pt_regs *regs);
long sys_setpgid(const struct pt_regs *regs);
long sys_getpgid(const struct pt_regs *regs);
long sys_getpgrp(const struct pt_regs *regs);
long sys_setsid(const struct pt_regs *regs);
long sys_getsid(const struct pt_regs *regs);

#endif
