/*
 * proc_check.h - the checking the proc_* guests share, in the manner of
 * files_check.h: check() records a failure as one "FAIL: ..." line (with
 * errno's name, never its locale's message) and goes on; section() ends a
 * group of checks with one line, "TEXT: ok" when none of them failed. So
 * the expected stdout names every behaviour checked, and a failing run
 * names each broken one. The exit status is proc_status(): 0 or 1.
 *
 * Processes: a child's output must never depend on scheduling. Every
 * guest flushes stdout before fork (a child would print the parent's
 * buffered text again) and a child reports through its exit status or a
 * pipe, printed by the parent after it waited.
 *
 * Header-only and static: each guest is one translation unit.
 */
#ifndef GUEST_PROC_CHECK_H
#define GUEST_PROC_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROC_FN static __attribute__((unused))

static int proc_failures;		/* in the whole run */
static int proc_section_failures;	/* since the last section() */

PROC_FN const char *errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
		{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EINVAL, "EINVAL" }, { EPIPE, "EPIPE" },
		{ ENOSYS, "ENOSYS" }, { EMFILE, "EMFILE" },
	};
	static char other[16];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* check(ok, fmt, ...): ok, or a FAIL line naming errno as it was. */
PROC_FN int __attribute__((format(printf, 2, 3)))
check(int ok, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	if (ok)
		return 1;
	proc_failures++;
	proc_section_failures++;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %s)\n", errno_name(e));
	return 0;
}

/* section(text): "text: ok" if the checks since the last one passed. */
PROC_FN void section(const char *text)
{
	if (!proc_section_failures)
		printf("%s: ok\n", text);
	else
		printf("%s: %d failed\n", text, proc_section_failures);
	proc_section_failures = 0;
}

PROC_FN int proc_status(void)
{
	return proc_failures ? 1 : 0;
}

/* A wait status as words: "exited N", "killed by signal N", ... */
PROC_FN const char *status_text(int status)
{
	static char text[48];

	if (WIFEXITED(status))
		snprintf(text, sizeof(text), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(text, sizeof(text), "killed by signal %d",
			 WTERMSIG(status));
	else
		snprintf(text, sizeof(text), "status 0x%x", status);
	return text;
}

/* fork with stdout flushed first, so no buffered text is doubled. */
PROC_FN pid_t proc_fork(void)
{
	fflush(stdout);
	return fork();
}

/* wait_for(pid): its wait status, or -1 (checked) if waitpid failed. */
PROC_FN int wait_for(pid_t pid)
{
	int status = 0;
	pid_t got;

	do
		got = waitpid(pid, &status, 0);
	while (got < 0 && errno == EINTR);
	if (!check(got == pid, "waitpid for a child"))
		return -1;
	return status;
}

/* read_all(fd, buf, size): bytes read until end of file (or size). */
PROC_FN size_t read_all(int fd, void *buf, size_t size)
{
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		n = read(fd, (char *)buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}

/* write_all(fd, buf, size): 1 if every byte went. */
PROC_FN int write_all(int fd, const void *buf, size_t size)
{
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		n = write(fd, (const char *)buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		done += (size_t)n;
	}
	return 1;
}

#endif
