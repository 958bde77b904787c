/*
 * proc_determinism - four children running at once, for the test that
 * two runs under i386mm give byte-identical --stats-json and output: the
 * scheduler's choices (time slices, blocking on pipes and poll, sleeping
 * on the virtual clock, sched_yield) must depend on nothing but the guest.
 * Child i touches (i + 1) * 64 fresh pages, computes over them in rounds,
 * yielding and sleeping 1 ms between rounds, and writes each round's
 * result as a 4-byte record on its own pipe; the parent polls the four
 * pipes and takes records as they come, which is where scheduling would
 * show. What it prints is only each child's final checksum, record count
 * and status, in child order, so the output is the same natively.
 * The exit status is 0 when every check held.
 */
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>

#include "proc_check.h"

#define CHILDREN 4
#define ROUNDS 16
#define PAGE 4096

static int child(int i, int fd)
{
	unsigned pages = (unsigned)(i + 1) * 64, r, p;
	struct timespec ms = { 0, 1000000 };
	uint32_t *mem = malloc((size_t)pages * PAGE), sum = (uint32_t)i;

	if (!mem)
		return 1;
	for (r = 0; r < ROUNDS; r++) {
		for (p = 0; p < pages * (PAGE / 4); p += 97) {
			mem[p] = sum + p * r;
			sum = sum * 31 + mem[p];
		}
		if (!write_all(fd, &sum, sizeof(sum)))
			return 1;
		if (r % 4 == 1)
			nanosleep(&ms, NULL);
		else
			sched_yield();
	}
	return 0;
}

int main(void)
{
	struct pollfd pfd[CHILDREN];
	uint32_t last[CHILDREN] = { 0 }, rec;
	int records[CHILDREN] = { 0 }, open_fds = 0, i, j, fds[2];
	pid_t pids[CHILDREN];

	for (i = 0; i < CHILDREN; i++) {
		pfd[i].fd = -1;
		pfd[i].events = POLLIN;
		pids[i] = -1;
		if (!check(pipe(fds) == 0, "pipe"))
			continue;
		pids[i] = proc_fork();
		if (pids[i] == 0) {
			for (j = 0; j < i; j++)
				close(pfd[j].fd);
			close(fds[0]);
			_exit(child(i, fds[1]));
		}
		close(fds[1]);
		if (check(pids[i] > 0, "fork")) {
			pfd[i].fd = fds[0];
			open_fds++;
		} else {
			close(fds[0]);
		}
	}
	while (open_fds > 0) {
		if (poll(pfd, CHILDREN, -1) < 0) {
			if (!check(errno == EINTR, "poll"))
				break;
			continue;
		}
		for (i = 0; i < CHILDREN; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (read_all(pfd[i].fd, &rec, sizeof(rec)) ==
			    sizeof(rec)) {
				last[i] = rec;
				records[i]++;
			} else {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (i = 0; i < CHILDREN; i++) {
		int status = pids[i] > 0 ? wait_for(pids[i]) : -1;

		printf("determinism: child %d: %d records, last %08x, %s\n",
		       i, records[i], (unsigned)last[i], status_text(status));
		check(records[i] == ROUNDS && status == 0, "child %d", i);
	}
	section("determinism: four children at once, polled");
	return proc_status();
}
