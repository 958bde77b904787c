/*
 * proc_pipeline - three processes joined by pipes, as a shell runs
 * `producer | filter | consumer`: the parent makes two pipes, forks the
 * three with dup2 onto stdin/stdout, closes its own ends and waits for
 * them in order. The producer writes 1 MiB of a pseudo-random sequence in
 * 4000-byte writes; the filter reads in 1000-byte reads and writes each
 * byte XOR 0x5a in 3000-byte writes, so no write lines up with a read;
 * the consumer reads in 8192-byte reads and reports the byte count and
 * an FNV-1a checksum through a third pipe. The parent computes both from
 * the same sequence on its own and compares. The exit status is 0 when
 * every check held.
 */
#include <stdint.h>

#include "proc_check.h"

#define TOTAL (1u << 20)

static uint32_t lcg_state = 12345;

static unsigned char next_byte(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return (unsigned char)(lcg_state >> 16);
}

static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static int producer(void)
{
	static unsigned char buf[4000];
	unsigned sent = 0, i, n;

	while (sent < TOTAL) {
		n = TOTAL - sent < sizeof(buf) ? TOTAL - sent : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = next_byte();
		if (!write_all(STDOUT_FILENO, buf, n))
			return 1;
		sent += n;
	}
	return 0;
}

static int filter(void)
{
	static unsigned char in[1000], out[3000];
	size_t held = 0, i;
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < (size_t)n; i++) {
			out[held++] = in[i] ^ 0x5a;
			if (held == sizeof(out)) {
				if (!write_all(STDOUT_FILENO, out, held))
					return 1;
				held = 0;
			}
		}
	}
	return n < 0 || !write_all(STDOUT_FILENO, out, held);
}

static int consumer(int report_fd)
{
	static unsigned char buf[8192];
	uint32_t sum[2] = { 0, 2166136261u };
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;
		sum[0] += (uint32_t)n;
		sum[1] = fnv1a(sum[1], buf, (size_t)n);
	}
	return !write_all(report_fd, sum, sizeof(sum));
}

/* Fork one stage with fd `in` on stdin and `out` on stdout. */
static pid_t stage(int (*fn)(int), int in, int out, int report, int *all,
		   int nall)
{
	pid_t pid = proc_fork();
	int i;

	if (pid != 0)
		return pid;
	if (in >= 0)
		dup2(in, STDIN_FILENO);
	if (out >= 0)
		dup2(out, STDOUT_FILENO);
	for (i = 0; i < nall; i++)
		if (all[i] != report)
			close(all[i]);
	_exit(fn(report));
}

static int run_producer(int unused)
{
	(void)unused;
	return producer();
}

static int run_filter(int unused)
{
	(void)unused;
	return filter();
}

int main(void)
{
	static const char *names[] = { "producer", "filter", "consumer" };
	int fds[6], status, i;
	uint32_t got[2] = { 0, 0 }, want = 2166136261u;
	unsigned char b;
	unsigned n;
	pid_t pids[3];

	for (i = 0; i < 3; i++)
		if (!check(pipe(fds + 2 * i) == 0, "pipe"))
			return 1;
	/* fds: 0,1 producer->filter; 2,3 filter->consumer; 4,5 report */
	pids[0] = stage(run_producer, -1, fds[1], -1, fds, 6);
	pids[1] = stage(run_filter, fds[0], fds[3], -1, fds, 6);
	pids[2] = stage(consumer, fds[2], -1, fds[5], fds, 6);
	for (i = 0; i < 6; i++)
		if (i != 4)
			close(fds[i]);
	check(read_all(fds[4], got, sizeof(got)) == sizeof(got),
	      "the consumer's report");
	close(fds[4]);
	for (i = 0; i < 3; i++) {
		check(pids[i] > 0, "fork of the %s", names[i]);
		status = pids[i] > 0 ? wait_for(pids[i]) : -1;
		printf("pipeline: the %s %s\n", names[i], status_text(status));
		check(status == 0, "the %s's status", names[i]);
	}
	for (n = 0; n < TOTAL; n++) {
		b = next_byte() ^ 0x5a;
		want = fnv1a(want, &b, 1);
	}
	printf("pipeline: the consumer read %u bytes, FNV-1a %08x\n",
	       (unsigned)got[0], (unsigned)got[1]);
	check(got[0] == TOTAL, "1 MiB through both pipes");
	check(got[1] == want, "the checksum, %08x computed here",
	      (unsigned)want);
	section("pipeline: 1 MiB through producer | filter | consumer");
	return proc_status();
}
