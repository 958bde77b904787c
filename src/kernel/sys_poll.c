/*
 * sys_poll.c - poll, ppoll, select, pselect6 (Linux's fs/select.c) on
 * pipes, the standard streams and files. A pipe's readiness is its ring
 * (pipe_poll); a standard stream's is the host descriptor's, asked with
 * a zero-timeout host poll; any other file never waits
 * (DEFAULT_POLLMASK), as Linux's regular files.
 *
 * When nothing is ready and the caller gives a timeout: if a standard
 * stream is among the fds, the wait is a real host poll on those (the
 * outside world may bring input); otherwise only another process could
 * make a pipe ready: the task sleeps (schedule_timeout, restarting the
 * call) until the virtual deadline or another process's progress; alone,
 * a finite timeout passes on the virtual clock at once (as nanosleep
 * does) and an infinite one is a deadlock (wait_for_other_process).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include "fdtable.h"
#include "fs.h"
#include "kern_fs.h"
#include "pipe_fs_i.h"
#include "sched.h"
#include "syscalls.h"
#include "timekeeping.h"
#include "uaccess.h"

#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)
#define SIGSET_SIZE	8
#define NS_PER_MS	1000000ll
#define NO_TIMEOUT	(-1ll)		/* wait for ever */

struct pollfd32 {
	int32_t fd;
	int16_t events, revents;
};

static struct pollfd32 pfds[NR_OPEN_MAX];
static struct pollfd hostfds[NR_OPEN_MAX];

/* The POLL* bits of file now. */
static unsigned int file_poll(struct file *file)
{
	struct pollfd p;

	if (file_is_pipe(file))
		return pipe_poll(file);
	if (!file_is_host_stream(file))
		return DEFAULT_POLLMASK;
	p.fd = host_stream_fd(file);
	p.events = POLLIN | POLLPRI | POLLOUT;
	p.revents = 0;
	if (poll(&p, 1, 0) < 0)
		return POLLERR;
	/* the host's bits are Linux's; only the asked-for read/write */
	return (unsigned int)p.revents &
	       ((file->f_mode & FMODE_READ ? POLLIN_SET | POLLPRI : 0) |
		(file->f_mode & FMODE_WRITE ? POLLOUT_SET : 0) |
		POLLERR | POLLHUP);
}

/* One pass over pfds: revents set, the count of ready fds returned. */
static int poll_pass(uint32_t n, int *streams)
{
	uint32_t i;
	int count = 0;

	*streams = 0;
	for (i = 0; i < n; i++) {
		struct pollfd32 *p = &pfds[i];
		struct file *file;
		unsigned int mask;

		p->revents = 0;
		if (p->fd < 0)
			continue;
		file = fget(p->fd);
		if (!file) {
			p->revents = POLLNVAL;
			count++;
			continue;
		}
		mask = file_poll(file) &
		       ((unsigned int)(uint16_t)p->events | POLLERR | POLLHUP);
		if (file_is_host_stream(file))
			hostfds[(*streams)++] = (struct pollfd){
				host_stream_fd(file), p->events, 0 };
		fput(file);
		p->revents = (int16_t)mask;
		if (mask)
			count++;
	}
	return count;
}

/*
 * Nothing was ready: wait as the file comment says. Returns 1 to look
 * again, 0 when the timeout passed, or -ERESTARTSYS.
 */
static int poll_wait(int streams, int64_t timeout_ns, const char *what)
{
	int ms;

	if (!streams) {
		if (timeout_ns == NO_TIMEOUT)
			return wait_for_other_process(what);
		return schedule_timeout(timeout_ns, what);
	}
	ms = timeout_ns == NO_TIMEOUT ? -1 :
	     (int)((timeout_ns + NS_PER_MS - 1) / NS_PER_MS);
	if (poll(hostfds, (nfds_t)streams, ms) > 0)
		return 1;
	if (!timekeeping_real_time())
		timekeeping_sleep(timeout_ns);	/* virtual time moves too */
	return 0;
}

/* The core of poll and select over pfds[0..n). */
static long do_poll(uint32_t n, int64_t timeout_ns, const char *what)
{
	for (;;) {
		int streams, count = poll_pass(n, &streams), r;

		if (count || timeout_ns == 0)
			return count;
		r = poll_wait(streams, timeout_ns, what);
		if (r <= 0)
			return r;
	}
}

static long do_sys_poll(uint32_t ufds, uint32_t nfds, int64_t timeout_ns)
{
	long ret;

	if (nfds > task_nofile())
		return -EINVAL;
	if (copy_from_user(pfds, ufds, nfds * sizeof(pfds[0])))
		return -EFAULT;
	ret = do_poll(nfds, timeout_ns, "poll of pipes that no other "
		      "process can make ready");
	if (ret < 0)
		return ret;
	/* only revents goes back, as Linux writes it */
	for (uint32_t i = 0; i < nfds; i++)
		if (copy_to_user(ufds + i * sizeof(pfds[0]) + 6,
				 &pfds[i].revents, 2))
			return -EFAULT;
	return ret;
}

SYSCALL_DEFINE3(poll, uint32_t, ufds, uint32_t, nfds, int32_t, timeout_ms)
{
	return do_sys_poll(ufds, nfds, timeout_ms < 0 ? NO_TIMEOUT :
			   (int64_t)timeout_ms * NS_PER_MS);
}

/* A user timespec (32- or 64-bit) as ns; NULL is NO_TIMEOUT. */
static long get_timeout(uint32_t uts, int wide, int64_t *ns)
{
	int64_t sec, nsec;

	*ns = NO_TIMEOUT;
	if (!uts)
		return 0;
	if (wide) {
		int64_t t[2];

		if (copy_from_user(t, uts, sizeof(t)))
			return -EFAULT;
		sec = t[0];
		nsec = (int32_t)t[1];
	} else {
		int32_t t[2];

		if (copy_from_user(t, uts, sizeof(t)))
			return -EFAULT;
		sec = t[0];
		nsec = t[1];
	}
	if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*ns = sec > INT64_MAX / NSEC_PER_SEC - 1 ? INT64_MAX - NSEC_PER_SEC :
	      sec * NSEC_PER_SEC + nsec;
	return 0;
}

static long do_ppoll(uint32_t ufds, uint32_t nfds, uint32_t uts,
		     uint32_t sigmask, uint32_t sigsetsize, int wide)
{
	int64_t ns;
	long err;

	/* the mask would hold during the wait; nothing is delivered yet */
	if (sigmask && sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	err = get_timeout(uts, wide, &ns);
	if (err)
		return err;
	return do_sys_poll(ufds, nfds, ns);
}

SYSCALL_DEFINE5(ppoll_time32, uint32_t, ufds, uint32_t, nfds, uint32_t, uts,
		uint32_t, sigmask, uint32_t, sigsetsize)
{
	return do_ppoll(ufds, nfds, uts, sigmask, sigsetsize, 0);
}

SYSCALL_DEFINE5(ppoll, uint32_t, ufds, uint32_t, nfds, uint32_t, uts,
		uint32_t, sigmask, uint32_t, sigsetsize)
{
	return do_ppoll(ufds, nfds, uts, sigmask, sigsetsize, 1);
}

/* ------------------------------------------------------------- select */

#define FDS_WORDS(n)	(((n) + 31) / 32)

static uint32_t fds_in[3][NR_OPEN_MAX / 32];

static int fd_isset(const uint32_t *set, uint32_t fd)
{
	return (set[fd / 32] >> (fd % 32)) & 1;
}

/* Turn the three sets into pfds; -EBADF for a set bit on a closed fd. */
static long sets_to_pfds(uint32_t n, uint32_t *nr)
{
	uint32_t fd;

	*nr = 0;
	for (fd = 0; fd < n; fd++) {
		unsigned int ev = (fd_isset(fds_in[0], fd) ? POLLIN_SET : 0) |
				  (fd_isset(fds_in[1], fd) ? POLLOUT_SET : 0) |
				  (fd_isset(fds_in[2], fd) ? POLLEX_SET : 0);
		struct file *file;

		if (!ev)
			continue;
		file = fget((int)fd);
		if (!file)
			return -EBADF;
		fput(file);
		pfds[*nr].fd = (int32_t)fd;
		pfds[*nr].events = (int16_t)ev;
		(*nr)++;
	}
	return 0;
}

/* The ready bits back into the sets; the number of bits set. */
static long pfds_to_sets(uint32_t nr)
{
	static const unsigned int want[3] = { POLLIN_SET, POLLOUT_SET,
					      POLLEX_SET };
	uint32_t i;
	long count = 0;
	int s;

	memset(fds_in, 0, sizeof(fds_in));
	for (i = 0; i < nr; i++) {
		uint32_t fd = (uint32_t)pfds[i].fd;

		for (s = 0; s < 3; s++) {
			if (!((unsigned int)(uint16_t)pfds[i].revents &
			      (unsigned int)(uint16_t)pfds[i].events & want[s]))
				continue;
			fds_in[s][fd / 32] |= 1u << (fd % 32);
			count++;
		}
	}
	return count;
}

static long core_sys_select(int32_t n, const uint32_t uset[3],
			    int64_t timeout_ns)
{
	uint32_t max = current->files->fdt.max_fds, words, nr;
	long ret;
	int s;

	if (n < 0)
		return -EINVAL;
	if ((uint32_t)n > max)
		n = (int32_t)max;
	words = FDS_WORDS((uint32_t)n);
	for (s = 0; s < 3; s++) {
		memset(fds_in[s], 0, words * 4);
		if (uset[s] && copy_from_user(fds_in[s], uset[s], words * 4))
			return -EFAULT;
	}
	ret = sets_to_pfds((uint32_t)n, &nr);
	if (ret)
		return ret;
	ret = do_poll(nr, timeout_ns, "select on pipes that no other "
		      "process can make ready");
	if (ret < 0)
		return ret;
	ret = pfds_to_sets(nr);
	for (s = 0; s < 3; s++)
		if (uset[s] && copy_to_user(uset[s], fds_in[s], words * 4))
			return -EFAULT;
	return ret;
}

/* select's timeval: NULL waits for ever; a timeout that ran out is 0. */
static long do_select(int32_t n, uint32_t inp, uint32_t outp, uint32_t exp,
		      uint32_t utv)
{
	const uint32_t uset[3] = { inp, outp, exp };
	int32_t tv[2] = { 0, 0 };
	int64_t ns = NO_TIMEOUT;
	long ret;

	if (utv) {
		if (copy_from_user(tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv[0] < 0 || tv[1] < 0)
			return -EINVAL;
		ns = (int64_t)tv[0] * NSEC_PER_SEC +
		     (int64_t)(tv[1] % 1000000) * 1000 +
		     (int64_t)(tv[1] / 1000000) * NSEC_PER_SEC;
	}
	ret = core_sys_select(n, uset, ns);
	if (ret == 0 && utv && ns &&
	    copy_to_user(utv, (int32_t[2]){ 0, 0 }, sizeof(tv)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE5(select, int32_t, n, uint32_t, inp, uint32_t, outp,
		uint32_t, exp, uint32_t, utv)
{
	return do_select(n, inp, outp, exp, utv);
}

/* The old select: its five arguments in a block in user memory. */
SYSCALL_DEFINE1(old_select, uint32_t, uargs)
{
	uint32_t a[5];

	if (copy_from_user(a, uargs, sizeof(a)))
		return -EFAULT;
	return do_select((int32_t)a[0], a[1], a[2], a[3], a[4]);
}

static long do_pselect6(int32_t n, uint32_t inp, uint32_t outp, uint32_t exp,
			uint32_t uts, uint32_t usig, int wide)
{
	const uint32_t uset[3] = { inp, outp, exp };
	uint32_t sig[2];
	int64_t ns;
	long err;

	if (usig) {		/* { const sigset_t *ss; size_t ss_len; } */
		if (copy_from_user(sig, usig, sizeof(sig)))
			return -EFAULT;
		if (sig[0] && sig[1] != SIGSET_SIZE)
			return -EINVAL;
	}
	err = get_timeout(uts, wide, &ns);
	if (err)
		return err;
	return core_sys_select(n, uset, ns);
}

SYSCALL_DEFINE6(pselect6_time32, int32_t, n, uint32_t, inp, uint32_t, outp,
		uint32_t, exp, uint32_t, uts, uint32_t, usig)
{
	return do_pselect6(n, inp, outp, exp, uts, usig, 0);
}

SYSCALL_DEFINE6(pselect6, int32_t, n, uint32_t, inp, uint32_t, outp,
		uint32_t, exp, uint32_t, uts, uint32_t, usig)
{
	return do_pselect6(n, inp, outp, exp, uts, usig, 1);
}
