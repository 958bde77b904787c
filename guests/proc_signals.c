/*
 * proc_signals - signal delivery to guest handlers:
 *   - SIGSEGV from a write to a read-only page, caught by a handler that
 *     siglongjmps out: the program goes on ("recovered"), three times, so
 *     the handler's frame and the restored mask are proven each time;
 *   - SIGUSR1 sent to itself with kill, to an SA_SIGINFO handler: si_signo,
 *     si_code SI_USER and si_pid (compared, not printed);
 *   - a handler on an alternate stack (sigaltstack, SA_ONSTACK);
 *   - SIGCHLD: a handler counting three children, each reaped in turn;
 *   - SIGPIPE: a child writing to a pipe with no reader dies of it (the
 *     default action); with SIG_IGN the write fails with EPIPE instead;
 *   - sigprocmask: a blocked SIGUSR1 stays pending (sigpending) and is
 *     delivered, once, when unblocked.
 * The exit status is 0 when every check held.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#include "proc_check.h"

static sigjmp_buf segv_jump;
static volatile sig_atomic_t segv_count, usr1_count, chld_count;
static volatile int usr1_signo, usr1_code, usr1_pid;
static volatile uintptr_t segv_addr;
static volatile int on_altstack;
static char altstack[65536];

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	segv_count++;
	segv_addr = (uintptr_t)si->si_addr;
	siglongjmp(segv_jump, 1);
}

static void catch_segv(void)
{
	struct sigaction sa = { 0 };
	volatile char *ro;
	int round;

	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	check(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction SIGSEGV");
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(ro != MAP_FAILED, "mmap");
	for (round = 0; round < 3; round++) {
		if (sigsetjmp(segv_jump, 1) == 0) {
			ro[round * 100] = 1;
			check(0, "the write to a read-only page went through");
		} else {
			check(segv_addr == (uintptr_t)(ro + round * 100),
			      "si_addr is the faulting address");
			printf("signals: SIGSEGV %d recovered\n", round + 1);
		}
	}
	check(segv_count == 3, "three SIGSEGV handled, not %d",
	      (int)segv_count);
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	sigaction(SIGSEGV, &sa, NULL);
	section("signals: a SIGSEGV handler siglongjmps out, each time");
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	int here;

	(void)uc;
	usr1_count++;
	usr1_signo = si->si_signo == sig ? sig : -1;
	usr1_code = si->si_code;
	usr1_pid = si->si_pid;
	on_altstack = (char *)&here >= altstack &&
		      (char *)&here < altstack + sizeof(altstack);
}

static void usr1_to_self(void)
{
	struct sigaction sa = { 0 };
	stack_t ss = { 0 };

	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");
	check(kill(getpid(), SIGUSR1) == 0, "kill self");
	check(usr1_count == 1, "the handler ran once before kill returned");
	check(usr1_signo == SIGUSR1, "si_signo SIGUSR1");
	check(usr1_code == SI_USER, "si_code SI_USER, not %d", usr1_code);
	check(usr1_pid == getpid(), "si_pid is the sender");
	check(!on_altstack, "on the normal stack without SA_ONSTACK");
	section("signals: SIGUSR1 to itself, SA_SIGINFO");

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	check(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SA_ONSTACK");
	check(raise(SIGUSR1) == 0, "raise");
	check(usr1_count == 2, "the handler ran again");
	check(on_altstack, "the handler ran on the alternate stack");
	section("signals: SA_ONSTACK runs the handler on sigaltstack's stack");
}

static void on_chld(int sig)
{
	(void)sig;
	chld_count++;
}

static void sigchld(void)
{
	struct sigaction sa = { 0 };
	int i;

	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART;
	check(sigaction(SIGCHLD, &sa, NULL) == 0, "sigaction SIGCHLD");
	for (i = 0; i < 3; i++) {
		pid_t pid = proc_fork();

		if (pid == 0)
			_exit(i);
		check(pid > 0, "fork");
		if (pid > 0)
			check(wait_for(pid) == i << 8, "child %d's status", i);
	}
	printf("signals: SIGCHLD handled %d times for 3 children\n",
	       (int)chld_count);
	check(chld_count == 3, "one SIGCHLD per child");
	signal(SIGCHLD, SIG_DFL);
	section("signals: SIGCHLD counted");
}

/* A child writes to a pipe whose read end is closed everywhere. */
static int write_to_broken_pipe(int ignore)
{
	int fds[2], status;
	pid_t pid;

	check(pipe(fds) == 0, "pipe");
	close(fds[0]);
	pid = proc_fork();
	if (pid == 0) {
		signal(SIGPIPE, ignore ? SIG_IGN : SIG_DFL);
		errno = 0;
		if (write(fds[1], "x", 1) < 0 && errno == EPIPE)
			_exit(32);
		_exit(33);
	}
	close(fds[1]);
	check(pid > 0, "fork");
	status = pid > 0 ? wait_for(pid) : -1;
	return status;
}

static void sigpipe(void)
{
	int status = write_to_broken_pipe(0);

	printf("signals: writing to a pipe without a reader: %s\n",
	       status_text(status));
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "WTERMSIG SIGPIPE");
	status = write_to_broken_pipe(1);
	printf("signals: the same with SIGPIPE ignored: %s (EPIPE)\n",
	       status_text(status));
	check(WIFEXITED(status) && WEXITSTATUS(status) == 32,
	      "write failed with EPIPE");
	section("signals: SIGPIPE kills by default, EPIPE when ignored");
}

static void masks(void)
{
	sigset_t block, old, pending;
	int before = usr1_count;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	check(sigprocmask(SIG_BLOCK, &block, &old) == 0, "SIG_BLOCK");
	check(!sigismember(&old, SIGUSR1), "SIGUSR1 was not blocked");
	raise(SIGUSR1);
	raise(SIGUSR1);
	check(usr1_count == before, "a blocked signal is not delivered");
	check(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1),
	      "a blocked signal is pending");
	check(sigprocmask(SIG_SETMASK, &old, NULL) == 0, "SIG_SETMASK");
	check(usr1_count == before + 1,
	      "delivered once on unblocking, not %d times",
	      (int)usr1_count - before);
	check(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR1),
	      "nothing pending after delivery");
	section("signals: sigprocmask blocks, the signal waits, delivered once");
}

int main(void)
{
	catch_segv();
	usr1_to_self();
	sigchld();
	sigpipe();
	masks();
	return proc_status();
}
