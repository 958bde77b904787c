/*
 * files_pipe - pipes within one process, and poll/select on pipes and on
 * the standard streams:
 *   pipe: write then read (the write first: one process cannot wait for
 *   itself), bytes in order, partial reads; the ends' access modes
 *   (EBADF the wrong way round); fstat says S_IFIFO, lseek ESPIPE;
 *   pipe2(O_NONBLOCK | O_CLOEXEC): F_GETFL and F_GETFD show them, a read
 *   of the empty pipe is EAGAIN; the pipe takes exactly 65536 bytes (16
 *   pages, Linux's pipe size since 2.6.11) in page writes before a write
 *   is EAGAIN, 64000 in 1000-byte writes (atomic: four to a page), and
 *   gives them back in order; with every write end closed a read is 0
 *   (end of file); with the read end closed a write is EPIPE (SIGPIPE is
 *   ignored, as the emulator records signals without delivering them yet);
 *   poll: nothing on an empty pipe (timeout 0), POLLIN once written,
 *   POLLOUT on the write end, POLLHUP once the writer is gone, POLLERR on
 *   a writer without a reader, POLLNVAL for a closed descriptor;
 *   select: the read end readable only once written, the write end
 *   writable; stdin readable (the tests give it /dev/null: at end of file
 *   a read is 0) and stdout writable.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_check.h"

#define PIPE_BYTES 65536

static unsigned char buf[PIPE_BYTES + 4096];

static void simple(void)
{
	int p[2];
	struct stat st;
	char b[16];

	section_begin();
	if (!check(pipe(p) == 0, "pipe"))
		goto out;
	check(write(p[1], "hello, ", 7) == 7 && write(p[1], "pipe", 4) == 4,
	      "two writes");
	check(read(p[0], b, 5) == 5 && !memcmp(b, "hello", 5),
	      "a read of 5 takes the first 5 bytes");
	check(read(p[0], b, sizeof(b)) == 6 && !memcmp(b, ", pipe", 6),
	      "the next read takes what is left, across both writes");
	check_errno(write(p[0], "x", 1), EBADF, "write to the read end");
	check_errno(read(p[1], b, 1), EBADF, "read from the write end");
	check(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode),
	      "fstat: S_IFIFO");
	check_errno(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe");
	check(close(p[1]) == 0, "close the write end");
	check(read(p[0], b, sizeof(b)) == 0, "then a read is end of file");
	check(close(p[0]) == 0, "close the read end");
out:
	section_end("pipe: write then read, in order, EBADF the wrong way, "
		    "S_IFIFO, ESPIPE, end of file");
}

/* Write chunk-byte pieces until EAGAIN; the bytes the pipe took. */
static long fill_pipe(int fd, size_t chunk, int *last_errno)
{
	long total = 0;
	ssize_t n;

	for (;;) {
		fill(buf, (unsigned long)total, chunk, 9);
		n = write(fd, buf, chunk);
		if (n < 0)
			break;
		total += n;
		if (total > PIPE_BYTES)
			break;
	}
	*last_errno = errno;
	return total;
}

/* Drain: one read must give back all total bytes, in order. */
static void drain(int fd, long total)
{
	ssize_t n;

	memset(buf, 0, sizeof(buf));
	n = read(fd, buf, sizeof(buf));
	check(n == total && holds(buf, 0, (unsigned long)total, 9),
	      "one read gives the %ld bytes back in order", total);
	check_errno(read(fd, buf, 10), EAGAIN, "empty again");
}

static void nonblocking(void)
{
	int p[2];

	section_begin();
	if (!check(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0, "pipe2"))
		goto out;
	check((fcntl(p[0], F_GETFL) & O_NONBLOCK) &&
	      (fcntl(p[1], F_GETFL) & O_NONBLOCK), "F_GETFL: O_NONBLOCK");
	check(fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
	      fcntl(p[1], F_GETFD) == FD_CLOEXEC, "F_GETFD: FD_CLOEXEC");
	check_errno(read(p[0], buf, 10), EAGAIN, "read of an empty pipe");
	check(fcntl(p[0], F_SETFL, 0) == 0 &&
	      !(fcntl(p[0], F_GETFL) & O_NONBLOCK), "F_SETFL clears it");
	close(p[0]);
	close(p[1]);
out:
	section_end("pipe2 O_NONBLOCK|O_CLOEXEC: both flags, EAGAIN when "
		    "empty, F_SETFL");
}

/*
 * The pipe is 16 pages, as in Linux 2.6.11 (the kernel of Understanding
 * the Linux Kernel, 3rd edition: PIPE_BUFFERS) and since. Writes of at
 * most PIPE_BUF (4096) bytes are atomic, never split: a 1000-byte write
 * goes into the last page only if it fits whole, else into a fresh page,
 * so each page holds four of them and the pipe takes 64000 bytes (2.6's
 * pipe_writev; 6.18 alike).
 */
static void capacity(void)
{
	int p[2], e;
	long total;

	section_begin();
	if (!check(pipe2(p, O_NONBLOCK) == 0, "pipe2"))
		goto out;
	total = fill_pipe(p[1], 4096, &e);
	check(e == EAGAIN, "a page write to a full pipe: EAGAIN");
	check(total == PIPE_BYTES, "the pipe took %ld bytes in pages, "
	      "expected %d", total, PIPE_BYTES);
	drain(p[0], total);
	total = fill_pipe(p[1], 1000, &e);
	check(e == EAGAIN, "a 1000-byte write to a full pipe: EAGAIN");
	check(total == 64000, "the pipe took %ld bytes in 1000-byte writes, "
	      "expected 64000", total);
	drain(p[0], total);
	close(p[0]);
	close(p[1]);
out:
	section_end("pipe capacity: 65536 bytes in pages, 64000 in atomic "
		    "1000-byte writes (16 pages)");
}

static void broken(void)
{
	int p[2];

	section_begin();
	if (!check(pipe(p) == 0, "pipe"))
		goto out;
	check(close(p[0]) == 0, "close the read end");
	check_errno(write(p[1], "x", 1), EPIPE, "write without a reader");
	close(p[1]);
out:
	section_end("pipe: a write with the read end closed gives EPIPE "
		    "(SIGPIPE ignored)");
}

static void polling(void)
{
	struct pollfd fds[2];
	int p[2], q[2];
	char b[4];

	section_begin();
	if (!check(pipe(p) == 0, "pipe"))
		goto out;
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	check(poll(fds, 1, 0) == 0 && fds[0].revents == 0,
	      "empty: nothing to read (timeout 0)");
	check(poll(fds + 1, 1, 0) == 1 && fds[1].revents == POLLOUT,
	      "the write end: POLLOUT");
	check(write(p[1], "abc", 3) == 3, "write 3 bytes");
	check(poll(fds, 2, 0) == 2 && fds[0].revents == POLLIN &&
	      fds[1].revents == POLLOUT, "then POLLIN and POLLOUT");
	check(read(p[0], b, 3) == 3, "read them");
	check(poll(fds, 1, 0) == 0, "empty again: nothing");
	check(close(p[1]) == 0, "close the write end");
	check(poll(fds, 1, 0) == 1 && fds[0].revents == POLLHUP,
	      "the reader sees POLLHUP");
	check(close(p[0]) == 0, "close the read end");
	check(poll(fds, 1, 0) == 1 && fds[0].revents == POLLNVAL,
	      "a closed descriptor: POLLNVAL");
	if (check(pipe(q) == 0, "pipe")) {
		close(q[0]);
		fds[1] = (struct pollfd){ .fd = q[1], .events = POLLOUT };
		check(poll(fds + 1, 1, 0) == 1 &&
		      (fds[1].revents & POLLERR), "a writer without a "
		      "reader: POLLERR");
		close(q[1]);
	}
out:
	section_end("poll: POLLIN once written, POLLOUT, POLLHUP, POLLERR, "
		    "POLLNVAL");
}

static int selected(int fd, int for_write)
{
	fd_set set;
	struct timeval tv = { 0, 0 };
	int n;

	FD_ZERO(&set);
	FD_SET(fd, &set);
	n = for_write ? select(fd + 1, NULL, &set, NULL, &tv)
		      : select(fd + 1, &set, NULL, NULL, &tv);
	return n == 1 && FD_ISSET(fd, &set) ? 1 : n < 0 ? -1 : 0;
}

static void selecting(void)
{
	int p[2];
	char b[4];

	section_begin();
	if (check(pipe(p) == 0, "pipe")) {
		check(selected(p[0], 0) == 0, "an empty pipe: not readable");
		check(selected(p[1], 1) == 1, "its write end: writable");
		check(write(p[1], "x", 1) == 1, "write a byte");
		check(selected(p[0], 0) == 1, "then readable");
		check(read(p[0], b, 1) == 1, "read it");
		close(p[0]);
		close(p[1]);
	}
	check(selected(0, 0) == 1, "stdin readable");
	check(read(0, b, sizeof(b)) == 0, "stdin at end of file (/dev/null)");
	check(selected(1, 1) == 1, "stdout writable");
	fflush(stdout);
	section_end("select: a pipe readable once written, its write end "
		    "writable; stdin readable, stdout writable");
}

int main(void)
{
	files_start();
	signal(SIGPIPE, SIG_IGN);
	simple();
	nonblocking();
	capacity();
	broken();
	polling();
	selecting();
	return files_status();
}
