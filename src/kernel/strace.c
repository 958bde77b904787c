/*
 * strace.c - --strace: each system call as one line, in strace's
 * notation: name(args) = result, strings quoted with C escapes and cut
 * after STRACE_STRLEN bytes ("..."...), pointers in hex (NULL for 0),
 * flag words symbolic (PROT_READ|PROT_WRITE), a few structures decoded,
 * errors as "-1 ENOENT (No such file or directory)", and "= ?" for a
 * call that does not return. The "=" goes in column 40 as strace puts it.
 *
 * The line is built when the call is over, so output buffers are shown
 * filled. Guest memory is read straight from the current mm's page
 * tables, never through the MMU and never faulting: tracing a run does
 * not change one counter of it, and what is not present is shown as its
 * address, as strace shows memory it cannot read.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mm.h"
#include "mmu.h"
#include "pgtable.h"
#include "sched.h"
#include "syscalls.h"

#define STRACE_STRLEN	32	/* strace's default -s */
#define STRACE_IOVMAX	16
#define STRACE_COLUMN	40
#define STRACE_SIG_LINE	256

/* ------------------------------------------------------------ output */

struct sbuf {
	char *buf;
	size_t size, len;	/* len counts what would have been written */
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sb->len < sb->size ? sb->buf + sb->len : NULL,
		      sb->len < sb->size ? sb->size - sb->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

/* ------------------------------------------------------ guest memory */

/* Copy what is present of [va, va + len) up to the first hole. */
static uint32_t peek(uint32_t va, void *buf, uint32_t len)
{
	uint8_t *dst = buf;
	uint32_t done = 0;

	if (!current_mm || !current_mm->pgd)
		return 0;
	while (done < len) {
		uint32_t a = va + done, off = a & ~PAGE_MASK;
		uint32_t n = PAGE_SIZE - off;
		pte_t *pte;

		if (a < va || a >= TASK_SIZE)
			break;
		pte = pte_offset(current_mm->pgd, a);
		if (!pte || !(*pte & _PAGE_PRESENT))
			break;
		if (n > len - done)
			n = len - done;
		memcpy(dst + done,
		       (uint8_t *)page_address(pte_page(*pte)) + off, n);
		done += n;
	}
	return done;
}

static int peek_all(uint32_t va, void *buf, uint32_t len)
{
	return va && peek(va, buf, len) == len;
}

/* --------------------------------------------------------- strings */

static void quote(struct sbuf *sb, const uint8_t *s, uint32_t n, int hex)
{
	uint32_t i;

	sb_printf(sb, "\"");
	for (i = 0; i < n; i++) {
		uint8_t c = s[i];
		int next_digit = i + 1 < n && s[i + 1] >= '0' &&
				 s[i + 1] <= '7';

		if (hex)
			sb_printf(sb, "\\x%02x", c);
		else if (c == '"' || c == '\\')
			sb_printf(sb, "\\%c", c);
		else if (c == '\n')
			sb_printf(sb, "\\n");
		else if (c == '\t')
			sb_printf(sb, "\\t");
		else if (c == '\r')
			sb_printf(sb, "\\r");
		else if (c == '\v')
			sb_printf(sb, "\\v");
		else if (c == '\f')
			sb_printf(sb, "\\f");
		else if (c >= 0x20 && c < 0x7f)
			sb_printf(sb, "%c", c);
		else if (next_digit)
			sb_printf(sb, "\\%03o", c);
		else
			sb_printf(sb, "\\%o", c);
	}
	sb_printf(sb, "\"");
}

static void print_ptr(struct sbuf *sb, uint32_t p)
{
	if (p)
		sb_printf(sb, "%#x", p);
	else
		sb_printf(sb, "NULL");
}

/* A buffer of len bytes: at most STRACE_STRLEN of them, then "...". */
static void print_buf(struct sbuf *sb, uint32_t va, uint32_t len, int hex)
{
	uint8_t b[STRACE_STRLEN];
	uint32_t n = len < STRACE_STRLEN ? len : STRACE_STRLEN;

	if (!va || peek(va, b, n) != n) {
		print_ptr(sb, va);
		return;
	}
	quote(sb, b, n, hex);
	if (n < len)
		sb_printf(sb, "...");
}

static int is_error(long ret)
{
	return ret < 0 && ret >= -4095;
}

/* A NUL-terminated string, cut after STRACE_STRLEN bytes. */
static void print_path(struct sbuf *sb, uint32_t va)
{
	uint8_t b[STRACE_STRLEN + 1];
	uint32_t got = va ? peek(va, b, sizeof(b)) : 0;
	uint8_t *nul = memchr(b, 0, got);

	if (nul) {
		quote(sb, b, (uint32_t)(nul - b), 0);
	} else if (got == sizeof(b)) {
		quote(sb, b, STRACE_STRLEN, 0);
		sb_printf(sb, "...");
	} else {
		print_ptr(sb, va);
	}
}

/* ----------------------------------------------------------- flags */

struct flag_name {
	uint32_t value;
	const char *name;
};

#define F(x)	{ x, #x }
#define END	{ 0, NULL }

/* Names of set bits joined by |, unknown bits in hex; zero: zero_name. */
static void print_flags(struct sbuf *sb, uint32_t v,
			const struct flag_name *t, const char *zero_name)
{
	const char *sep = "";

	if (!v) {
		sb_printf(sb, "%s", zero_name);
		return;
	}
	for (; t->name; t++) {
		if (t->value && (v & t->value) == t->value) {
			sb_printf(sb, "%s%s", sep, t->name);
			sep = "|";
			v &= ~t->value;
		}
	}
	if (v)
		sb_printf(sb, "%s%#x", sep, v);
}

/* The name of a value, or it in decimal (or hex). */
static void print_xlat(struct sbuf *sb, uint32_t v, const struct flag_name *t,
		       int hex)
{
	for (; t->name; t++) {
		if (t->value == v) {
			sb_printf(sb, "%s", t->name);
			return;
		}
	}
	sb_printf(sb, hex ? "%#x" : "%d", v);
}

static const struct flag_name prot_names[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
	{ 8, "PROT_SEM" }, { 0x01000000, "PROT_GROWSDOWN" },
	{ 0x02000000, "PROT_GROWSUP" }, END
};

static const struct flag_name map_names[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" },
	{ 0x40, "MAP_32BIT" }, { 0x100, "MAP_GROWSDOWN" },
	{ 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" },
	{ 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" },
	{ 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" },
	{ 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" },
	{ 0x80000, "MAP_SYNC" }, { 0x100000, "MAP_FIXED_NOREPLACE" }, END
};

static const struct flag_name map_types[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" },
	{ 3, "MAP_SHARED_VALIDATE" }, END
};

static const struct flag_name mremap_names[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" },
	{ 4, "MREMAP_DONTUNMAP" }, END
};

static const struct flag_name madv_names[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" },
	{ 3, "MADV_WILLNEED" }, { 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" },
	{ 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" },
	{ 14, "MADV_HUGEPAGE" }, { 15, "MADV_NOHUGEPAGE" },
	{ 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" }, END
};

#define O_ACCMODE_	3
#define O_CREAT_	0100
#define O_TMPFILE_	020000000

static const struct flag_name open_modes[] = {
	{ 0, "O_RDONLY" }, { 1, "O_WRONLY" }, { 2, "O_RDWR" }, END
};

static const struct flag_name open_names[] = {
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
	{ 04010000, "O_SYNC" }, { 010000, "O_DSYNC" }, { 020000, "O_ASYNC" },
	{ 040000, "O_DIRECT" }, { 0100000, "O_LARGEFILE" },
	{ 020200000, "O_TMPFILE" }, { 0200000, "O_DIRECTORY" },
	{ 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, END
};

static const struct flag_name cloexec_names[] = {
	{ 02000000, "O_CLOEXEC" }, END
};

static const struct flag_name pipe_names[] = {
	{ 04000, "O_NONBLOCK" }, { 040000, "O_DIRECT" },
	{ 02000000, "O_CLOEXEC" }, END
};

static const struct flag_name fd_names[] = {
	{ 1, "FD_CLOEXEC" }, END
};

static const struct flag_name unlink_names[] = {
	{ 0x200, "AT_REMOVEDIR" }, END
};

static const struct flag_name rename_names[] = {
	{ 1, "RENAME_NOREPLACE" }, { 2, "RENAME_EXCHANGE" },
	{ 4, "RENAME_WHITEOUT" }, END
};

static const struct flag_name msync_names[] = {
	{ 1, "MS_ASYNC" }, { 2, "MS_INVALIDATE" }, { 4, "MS_SYNC" }, END
};

static const struct flag_name poll_names[] = {
	{ 0x1, "POLLIN" }, { 0x2, "POLLPRI" }, { 0x4, "POLLOUT" },
	{ 0x8, "POLLERR" }, { 0x10, "POLLHUP" }, { 0x20, "POLLNVAL" },
	{ 0x40, "POLLRDNORM" }, { 0x80, "POLLRDBAND" },
	{ 0x100, "POLLWRNORM" }, { 0x200, "POLLWRBAND" }, END
};

static const struct flag_name access_names[] = {
	{ 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" }, END
};

static const struct flag_name at_names[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_EACCESS" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" }, END
};

static const struct flag_name statx_mask_names[] = {
	{ 0x7ff, "STATX_BASIC_STATS" }, { 1, "STATX_TYPE" },
	{ 2, "STATX_MODE" }, { 4, "STATX_NLINK" }, { 8, "STATX_UID" },
	{ 0x10, "STATX_GID" }, { 0x20, "STATX_ATIME" },
	{ 0x40, "STATX_MTIME" }, { 0x80, "STATX_CTIME" },
	{ 0x100, "STATX_INO" }, { 0x200, "STATX_SIZE" },
	{ 0x400, "STATX_BLOCKS" }, { 0x800, "STATX_BTIME" },
	{ 0x1000, "STATX_MNT_ID" }, END
};

static const struct flag_name fcntl_names[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" },
	{ 3, "F_GETFL" }, { 4, "F_SETFL" }, { 5, "F_GETLK" },
	{ 6, "F_SETLK" }, { 7, "F_SETLKW" }, { 8, "F_SETOWN" },
	{ 9, "F_GETOWN" }, { 12, "F_GETLK64" }, { 13, "F_SETLK64" },
	{ 14, "F_SETLKW64" }, { 1030, "F_DUPFD_CLOEXEC" }, END
};

static const struct flag_name ioctl_names[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
	{ 0x5404, "TCSETSF" }, { 0x540f, "TIOCGPGRP" },
	{ 0x5410, "TIOCSPGRP" }, { 0x5413, "TIOCGWINSZ" },
	{ 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" }, END
};

static const struct flag_name rlimit_names[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" },
	{ 8, "RLIMIT_MEMLOCK" }, { 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" },
	{ 11, "RLIMIT_SIGPENDING" }, { 12, "RLIMIT_MSGQUEUE" },
	{ 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" }, END
};

static const struct flag_name clock_names[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" },
	{ 2, "CLOCK_PROCESS_CPUTIME_ID" }, { 3, "CLOCK_THREAD_CPUTIME_ID" },
	{ 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" },
	{ 8, "CLOCK_REALTIME_ALARM" }, { 9, "CLOCK_BOOTTIME_ALARM" },
	{ 11, "CLOCK_TAI" }, END
};

static const struct flag_name sighow_names[] = {
	{ 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, END
};

static const struct flag_name grnd_names[] = {
	{ 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" },
	END
};

static const struct flag_name whence_names[] = {
	{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" },
	{ 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" }, END
};

static const char *const signal_names[32] = {
	NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
	"KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
	"CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
	"XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};

/* A signal's name without "SIG": HUP... SYS, RTMIN, RT_1... */
static void print_signame(struct sbuf *sb, uint32_t sig, int prefix)
{
	const char *p = prefix ? "SIG" : "";

	if (sig >= 1 && sig < 32)
		sb_printf(sb, "%s%s", p, signal_names[sig]);
	else if (sig == 32)
		sb_printf(sb, "%sRTMIN", p);
	else if (sig > 32 && sig <= 64)
		sb_printf(sb, "%sRT_%u", p, sig - 32);
	else
		sb_printf(sb, "%u", sig);
}

/* ------------------------------------------------------ structures */

static void print_rlim_value(struct sbuf *sb, uint64_t v, uint64_t inf)
{
	if (v == inf)
		sb_printf(sb, "RLIM_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		sb_printf(sb, "%llu*1024", (unsigned long long)(v / 1024));
	else
		sb_printf(sb, "%llu", (unsigned long long)v);
}

static void print_rlimit(struct sbuf *sb, uint32_t va, int wide)
{
	uint32_t r32[2];
	uint64_t r64[2];

	if (wide ? !peek_all(va, r64, sizeof(r64)) :
		   !peek_all(va, r32, sizeof(r32))) {
		print_ptr(sb, va);
		return;
	}
	if (!wide) {
		r64[0] = r32[0];
		r64[1] = r32[1];
	}
	sb_printf(sb, "{rlim_cur=");
	print_rlim_value(sb, r64[0], wide ? ~0ull : 0xffffffffull);
	sb_printf(sb, ", rlim_max=");
	print_rlim_value(sb, r64[1], wide ? ~0ull : 0xffffffffull);
	sb_printf(sb, "}");
}

static void print_timespec(struct sbuf *sb, uint32_t va, int wide)
{
	int32_t t32[2];
	int64_t t64[2];

	if (wide ? !peek_all(va, t64, sizeof(t64)) :
		   !peek_all(va, t32, sizeof(t32))) {
		print_ptr(sb, va);
		return;
	}
	if (!wide) {
		t64[0] = t32[0];
		t64[1] = t32[1];
	}
	sb_printf(sb, "{tv_sec=%lld, tv_nsec=%lld}", (long long)t64[0],
		  (long long)(wide ? (int32_t)t64[1] : t64[1]));
}

static void print_sigset(struct sbuf *sb, uint32_t va)
{
	uint64_t set;
	const char *sep = "";
	int sig, inverted;

	if (!peek_all(va, &set, sizeof(set))) {
		print_ptr(sb, va);
		return;
	}
	inverted = __builtin_popcountll(set) > 32;
	if (inverted)
		set = ~set;
	sb_printf(sb, "%s[", inverted ? "~" : "");
	for (sig = 1; sig <= 64; sig++) {
		if (set & (1ull << (sig - 1))) {
			sb_printf(sb, "%s", sep);
			print_signame(sb, (uint32_t)sig, 0);
			sep = " ";
		}
	}
	sb_printf(sb, "]");
}

static void print_utsname(struct sbuf *sb, uint32_t va)
{
	char u[2][65];

	if (!peek_all(va, u, sizeof(u))) {
		print_ptr(sb, va);
		return;
	}
	u[0][64] = u[1][64] = '\0';
	sb_printf(sb, "{sysname=");
	quote(sb, (const uint8_t *)u[0], (uint32_t)strlen(u[0]), 0);
	sb_printf(sb, ", nodename=");
	quote(sb, (const uint8_t *)u[1], (uint32_t)strlen(u[1]), 0);
	sb_printf(sb, ", ...}");
}

static void print_user_desc(struct sbuf *sb, uint32_t va)
{
	uint32_t d[4];

	if (!peek_all(va, d, sizeof(d))) {
		print_ptr(sb, va);
		return;
	}
	sb_printf(sb, "{entry_number=%d, base_addr=%#x, limit=%#08x, "
		  "seg_32bit=%u, contents=%u, read_exec_only=%u, "
		  "limit_in_pages=%u, seg_not_present=%u, useable=%u}",
		  (int)d[0], d[1], d[2], d[3] & 1, (d[3] >> 1) & 3,
		  (d[3] >> 3) & 1, (d[3] >> 4) & 1, (d[3] >> 5) & 1,
		  (d[3] >> 6) & 1);
}

static void print_iov(struct sbuf *sb, uint32_t va, uint32_t cnt,
		      long ret)
{
	uint32_t iov[2], i;
	const char *sep = "";

	sb_printf(sb, "[");
	for (i = 0; i < cnt; i++) {
		if (i == STRACE_IOVMAX) {
			sb_printf(sb, ", ...");
			break;
		}
		if (!peek_all(va + i * 8, iov, sizeof(iov))) {
			sb_printf(sb, "%s%#x", sep, va + i * 8);
			break;
		}
		sb_printf(sb, "%s{iov_base=", sep);
		if (ret < 0)
			print_ptr(sb, iov[0]);
		else
			print_buf(sb, iov[0], iov[1], 0);
		sb_printf(sb, ", iov_len=%u}", iov[1]);
		sep = ", ";
	}
	sb_printf(sb, "]");
}

static void print_pollfds(struct sbuf *sb, uint32_t va, uint32_t cnt)
{
	int32_t fd;
	uint16_t ev[2];
	uint32_t i;
	const char *sep = "";

	sb_printf(sb, "[");
	for (i = 0; i < cnt; i++) {
		if (i == STRACE_IOVMAX) {
			sb_printf(sb, ", ...");
			break;
		}
		if (!peek_all(va + i * 8, &fd, 4) ||
		    !peek_all(va + i * 8 + 4, ev, 4)) {
			sb_printf(sb, "%s%#x", sep, va + i * 8);
			break;
		}
		sb_printf(sb, "%s{fd=%d, events=", sep, fd);
		print_flags(sb, ev[0], poll_names, "0");
		sb_printf(sb, "}");
		sep = ", ";
	}
	sb_printf(sb, "]");
}

static void print_loff(struct sbuf *sb, uint32_t va, long ret)
{
	int64_t off;

	if (is_error(ret) || !peek_all(va, &off, sizeof(off)))
		print_ptr(sb, va);
	else
		sb_printf(sb, "[%lld]", (long long)off);
}

static void print_pipefds(struct sbuf *sb, uint32_t va, long ret)
{
	int32_t fd[2];

	if (is_error(ret) || !peek_all(va, fd, sizeof(fd)))
		print_ptr(sb, va);
	else
		sb_printf(sb, "[%d, %d]", fd[0], fd[1]);
}

/* fcntl's third argument, as its command (the argument before) uses it. */
static void print_fcntl_arg(struct sbuf *sb, uint32_t cmd, uint32_t v)
{
	switch (cmd) {
	case 0:		/* F_DUPFD */
	case 1030:	/* F_DUPFD_CLOEXEC */
		sb_printf(sb, "%d", (int32_t)v);
		break;
	case 2:		/* F_SETFD */
		print_flags(sb, v, fd_names, "0");
		break;
	case 4:		/* F_SETFL */
		print_xlat(sb, v & O_ACCMODE_, open_modes, 1);
		if (v & ~(uint32_t)O_ACCMODE_) {
			sb_printf(sb, "|");
			print_flags(sb, v & ~(uint32_t)O_ACCMODE_, open_names,
				    "0");
		}
		break;
	default:
		print_ptr(sb, v);
		break;
	}
}

/* --------------------------------------------------------- the line */


/* Whether argument i is shown at all (strace drops unused ones). */
static int arg_shown(const struct syscall_desc *d, const struct pt_regs *r,
		     int i)
{
	if (d->arg[i] == SA_OCTAL && i > 0)	/* a mode only with O_CREAT */
		return (syscall_arg(r, i - 1) & (O_CREAT_ | O_TMPFILE_)) != 0;
	if (d->arg[i] == SA_NONE)	/* the high half of an SA_OFF64 */
		return 0;
	if ((d->arg[i] == SA_HEX || d->arg[i] == SA_FCNTLARG) && i > 0 &&
	    d->arg[i - 1] == SA_FCNTLCMD) {
		uint32_t cmd = syscall_arg(r, i - 1);

		return cmd != 1 && cmd != 3 && cmd != 9;  /* GETFD/FL/OWN */
	}
	return 1;
}

static void print_arg(struct sbuf *sb, const struct syscall_desc *d,
		      const struct pt_regs *r, int i, long ret)
{
	uint32_t v = syscall_arg(r, i);
	uint32_t next = i < 5 ? syscall_arg(r, i + 1) : 0;
	int fail = is_error(ret);

	switch (d->arg[i]) {
	case SA_INT:
	case SA_FD:
		sb_printf(sb, "%d", (int32_t)v);
		break;
	case SA_UINT:
		sb_printf(sb, "%u", v);
		break;
	case SA_HEX:
		sb_printf(sb, "%#x", v);
		break;
	case SA_DIRFD:
		if ((int32_t)v == GUEST_AT_FDCWD)
			sb_printf(sb, "AT_FDCWD");
		else
			sb_printf(sb, "%d", (int32_t)v);
		break;
	case SA_PATH:
		print_path(sb, v);
		break;
	case SA_WBUF:
		print_buf(sb, v, next, 0);
		break;
	case SA_RBUF:
		if (fail)
			print_ptr(sb, v);
		else
			print_buf(sb, v, (uint32_t)ret,
				  d == &sys_call_table[__NR_getrandom]);
		break;
	case SA_IOV:
		print_iov(sb, v, next, ret);
		break;
	case SA_PROT:
		print_flags(sb, v, prot_names, "PROT_NONE");
		break;
	case SA_MAPFLAGS:
		print_xlat(sb, v & 0xf, map_types, 1);
		if (v & ~0xfu) {
			sb_printf(sb, "|");
			print_flags(sb, v & ~0xfu, map_names, "0");
		}
		break;
	case SA_MREMAPFLAGS:
		print_flags(sb, v, mremap_names, "0");
		break;
	case SA_MADV:
		print_xlat(sb, v, madv_names, 0);
		break;
	case SA_OPENFLAGS:
		print_xlat(sb, v & O_ACCMODE_, open_modes, 1);
		if (v & ~(uint32_t)O_ACCMODE_) {
			sb_printf(sb, "|");
			print_flags(sb, v & ~(uint32_t)O_ACCMODE_, open_names,
				    "0");
		}
		break;
	case SA_DUP3FLAGS:
		print_flags(sb, v, cloexec_names, "0");
		break;
	case SA_OCTAL:
		sb_printf(sb, "%#03o", v);
		break;
	case SA_ACCESSMODE:
		print_flags(sb, v, access_names, "F_OK");
		break;
	case SA_ATFLAGS:
		print_flags(sb, v, at_names, "0");
		break;
	case SA_STATXFLAGS:
		if (!(v & 0x6000))
			sb_printf(sb, "AT_STATX_SYNC_AS_STAT");
		if (v) {
			if (!(v & 0x6000))
				sb_printf(sb, "|");
			print_flags(sb, v, at_names, "0");
		}
		break;
	case SA_STATXMASK:
		print_flags(sb, v, statx_mask_names, "0");
		break;
	case SA_FCNTLCMD:
		print_xlat(sb, v, fcntl_names, 0);
		break;
	case SA_IOCTLCMD:
		print_xlat(sb, v, ioctl_names, 1);
		break;
	case SA_RLIMRES:
		print_xlat(sb, v, rlimit_names, 0);
		break;
	case SA_RLIM:
	case SA_RLIM64:
		if (fail || !v)
			print_ptr(sb, v);
		else
			print_rlimit(sb, v, d->arg[i] == SA_RLIM64);
		break;
	case SA_CLOCKID:
		print_xlat(sb, v, clock_names, 0);
		break;
	case SA_TIMESPEC:
	case SA_TIMESPEC64:
		if (fail || !v)
			print_ptr(sb, v);
		else
			print_timespec(sb, v, d->arg[i] == SA_TIMESPEC64);
		break;
	case SA_SIGNUM:
		print_signame(sb, v, 1);
		break;
	case SA_SIGHOW:
		print_xlat(sb, v, sighow_names, 0);
		break;
	case SA_SIGSET:
		if (!v)
			print_ptr(sb, v);
		else
			print_sigset(sb, v);
		break;
	case SA_GRNDFLAGS:
		print_flags(sb, v, grnd_names, "0");
		break;
	case SA_UTSNAME:
		if (fail)
			print_ptr(sb, v);
		else
			print_utsname(sb, v);
		break;
	case SA_USERDESC:
		print_user_desc(sb, v);
		break;
	case SA_WHENCE:
		print_xlat(sb, v, whence_names, 0);
		break;
	case SA_OFF64:
		sb_printf(sb, "%lld", (long long)(((uint64_t)next << 32) | v));
		break;
	case SA_OFF64_HI:
		sb_printf(sb, "%lld", (long long)(((uint64_t)v << 32) | next));
		break;
	case SA_LOFFP:
		print_loff(sb, v, ret);
		break;
	case SA_PIPEFDS:
		print_pipefds(sb, v, ret);
		break;
	case SA_POLLFDS:
		print_pollfds(sb, v, next);
		break;
	case SA_PIPEFLAGS:
		print_flags(sb, v, pipe_names, "0");
		break;
	case SA_UNLINKFLAGS:
		print_flags(sb, v, unlink_names, "0");
		break;
	case SA_RENAMEFLAGS:
		print_flags(sb, v, rename_names, "0");
		break;
	case SA_MSYNCFLAGS:
		print_flags(sb, v, msync_names, "0");
		break;
	case SA_FCNTLARG:
		print_fcntl_arg(sb, i > 0 ? syscall_arg(r, i - 1) : 0, v);
		break;
	case SA_UMASK:
		sb_printf(sb, "%#03o", v);
		break;
	default:	/* SA_PTR, SA_STRUCT */
		print_ptr(sb, v);
		break;
	}
}

/* The kernel-internal restart codes (ksignal.h), as strace names them. */
static const char *const restart_names[] = {
	"ERESTARTSYS (To be restarted if SA_RESTART is set)",
	"ERESTARTNOINTR (To be restarted)",
	"ERESTARTNOHAND (To be restarted if no handler)",
	NULL,
	"ERESTART_RESTARTBLOCK (Interrupted by signal)",
};

static void print_result(struct sbuf *sb, const struct syscall_desc *d,
			 long ret, int exited)
{
	const char *name, *desc;

	if (exited) {
		sb_printf(sb, "= ?");
	} else if (ret <= -512 && ret >= -516 && restart_names[-ret - 512]) {
		sb_printf(sb, "= ? %s", restart_names[-ret - 512]);
	} else if (is_error(ret)) {
		name = strerrorname_np((int)-ret);
		desc = strerrordesc_np((int)-ret);
		if (name)
			sb_printf(sb, "= -1 %s (%s)", name, desc);
		else
			sb_printf(sb, "= -1 ERRNO_%ld (Unknown error %ld)",
				  -ret, -ret);
	} else if (d && (d->ret == SA_RET_ADDR || d->ret == SA_HEX)) {
		sb_printf(sb, "= %#lx", (unsigned long)(uint32_t)ret);
	} else if (d && d->ret == SA_UMASK) {
		sb_printf(sb, "= %#03lo", (unsigned long)ret);
	} else {
		sb_printf(sb, "= %ld", ret);
	}
}

int strace_format(char *buf, size_t size, const struct pt_regs *regs,
		  long ret, int exited)
{
	struct sbuf sb = { buf, size, 0 };
	const struct syscall_desc *d = NULL;
	const char *sep = "";
	int i;

	if (size)
		buf[0] = '\0';
	if (regs->orig_ax < NR_syscalls && sys_call_table[regs->orig_ax].name)
		d = &sys_call_table[regs->orig_ax];
	if (d) {
		sb_printf(&sb, "%s(", d->name);
		for (i = 0; i < d->nargs; i++) {
			if (!arg_shown(d, regs, i))
				continue;
			sb_printf(&sb, "%s", sep);
			print_arg(&sb, d, regs, i, ret);
			sep = ", ";
		}
	} else {
		sb_printf(&sb, "syscall_%u(", regs->orig_ax);
		for (i = 0; i < 6; i++)
			sb_printf(&sb, "%s%#x", i ? ", " : "",
				  syscall_arg(regs, i));
	}
	sb_printf(&sb, ")");
	if (sb.len < STRACE_COLUMN)
		sb_printf(&sb, "%*s", (int)(STRACE_COLUMN - sb.len), "");
	else
		sb_printf(&sb, " ");
	print_result(&sb, d, ret, exited);
	return (int)sb.len;
}

/* ------------------------------------------------------------ signals */

static const char *si_code_name(int sig, int code)
{
	switch (code) {
	case 0: return "SI_USER";
	case 0x80: return "SI_KERNEL";
	case -6: return "SI_TKILL";
	}
	if (sig == 11 && code == 1)
		return "SEGV_MAPERR";
	if (sig == 11 && code == 2)
		return "SEGV_ACCERR";
	if (sig == 7 && code == 2)
		return "BUS_ADRERR";
	if (sig == 4 && code == 2)
		return "ILL_ILLOPN";
	if (sig == 8 && code == 1)
		return "FPE_INTDIV";
	if (sig == 5 && code == 1)
		return "TRAP_BRKPT";
	if (sig == 17 && code >= 1 && code <= 3)
		return code == 1 ? "CLD_EXITED" : code == 2 ? "CLD_KILLED"
							    : "CLD_DUMPED";
	return NULL;
}

static int is_fault_signal(int sig)
{
	return sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11;
}

void strace_signal(FILE *out, int sig, const struct ksiginfo *info)
{
	char line[STRACE_SIG_LINE];
	struct sbuf sb = { line, sizeof(line), 0 };
	const char *code = si_code_name(sig, info->code);

	if (!out)
		return;
	sb_printf(&sb, "--- ");
	print_signame(&sb, (uint32_t)sig, 1);
	sb_printf(&sb, " {si_signo=");
	print_signame(&sb, (uint32_t)sig, 1);
	if (code)
		sb_printf(&sb, ", si_code=%s", code);
	else
		sb_printf(&sb, ", si_code=%d", info->code);
	if (is_fault_signal(sig) && info->code > 0 && info->code != 0x80)
		sb_printf(&sb, ", si_addr=%#x", info->addr);
	else if (info->code <= 0 || sig == 17)
		sb_printf(&sb, ", si_pid=%d, si_uid=%u", info->pid, info->uid);
	if (sig == 17)
		sb_printf(&sb, ", si_status=%d, si_utime=0, si_stime=0",
			  info->status);
	sb_printf(&sb, "} ---");
	fprintf(out, "%s\n", line);
	fflush(out);
}

void strace_killed(FILE *out, int sig, int core)
{
	char line[64];
	struct sbuf sb = { line, sizeof(line), 0 };

	if (!out)
		return;
	sb_printf(&sb, "+++ killed by ");
	print_signame(&sb, (uint32_t)sig, 1);
	sb_printf(&sb, "%s +++", core ? " (core dumped)" : "");
	fprintf(out, "%s\n", line);
	fflush(out);
}
