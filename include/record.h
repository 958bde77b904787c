/*
 * record.h - a run recorded into a trace (`run --record`), and a trace
 * replayed with the trace in place of the CPU (`replay`). trace.h owns
 * the file format; this is how the CPU and the kernel take part.
 *
 * The memory manager and the kernel are deterministic: what they do
 * follows from what comes from outside them, and that is three things:
 *   - the CPU: its accesses through the MMU (the data accesses and the
 *     instruction fetches of each basic block), its system calls with
 *     their registers, the ends of its time slices and its faults;
 *   - user memory the kernel reads (a path, a write()'s buffer): its bytes
 *     come from the guest's stores, which no trace holds;
 *   - the host: the guest's stdin, and what the host says of its
 *     stdin, stdout and stderr (fstat, a terminal's ioctl...).
 * A recording writes all three down in the order they happen. A replay
 * boots the same kernel with the trace CPU (cpu_init_replay), which feeds
 * the accesses and system calls back, while the taps below hand the
 * kernel the recorded bytes. So the replay faults, reclaims and swaps
 * exactly as the recorded run did, and every counter comes out the same.
 *
 * A fault trace (not every access) leaves out the accesses the TLBs
 * served and keeps only their number. TLB hits change nothing but the LRU
 * stamps that choose a fill's victim, so the recording writes down the
 * way of every fill (TR_VICTIM) and the replay's TLBs take those ways:
 * the TLBs then hold in the replay what they held in the run.
 *
 * Each record the replay reads is checked against what the replayed
 * kernel does (the pid that runs, a slice's budget, an access's result
 * when the machine is the recorded one). The first difference ends the
 * replay: one line says where, and every process is killed.
 */
#ifndef I386MM_RECORD_H
#define I386MM_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mmu;
struct trace_writer;
struct trace_reader;

enum trace_mode {
	TRACE_OFF,
	TRACE_RECORDING,
	TRACE_REPLAYING,
};

extern enum trace_mode trace_mode;

/*
 * Recording: from cpu_init on, write the run into w (whose header the
 * caller wrote); all_accesses for an access trace, else a fault trace.
 * record_stop ends it: 0, or the first write error (-errno, a line in
 * err). The caller then finishes or abandons w.
 */
int record_start(struct trace_writer *w, int all_accesses);
int record_stop(char *err, size_t errlen);

/*
 * Replay: the trace CPU instead of Unicorn (instead of cpu_init). exact:
 * the machine is the recorded one, so every access's result is checked
 * and a fault trace's fills take their recorded ways; otherwise (a what-if
 * study) the results may differ and only the order of events is checked.
 */
int cpu_init_replay(struct mmu *mmu, struct trace_reader *r, int fault_trace,
		    int exact);
/*
 * After the replayed run: 0 if it followed the trace to its end, or -1
 * with one line in err (it diverged, the trace is bad, or the trace goes
 * on after the run ended).
 */
int replay_finish(char *err, size_t errlen);

/*
 * For a progress line (progress.h): show is called every PROGRESS_EVERY
 * records with how much of the trace file is read, end once the replayed
 * run is over (before its report). Set before kernel_boot; NULL: none.
 */
void replay_set_progress(void (*show)(void *opaque, uint64_t done,
				      uint64_t total, uint64_t records),
			 void (*end)(void *opaque), void *opaque);

/* ---- Taps: where the kernel takes what is outside the memory manager ---- */

/* copy_from_user read len bytes at va into buf (one page's chunk at most). */
void trace_uread(uint32_t va, void *buf, uint32_t len);
/*
 * strncpy_from_user found len bytes (the NUL included, if it found one)
 * of at most max at va. Returns len; in a replay the recorded length, with
 * buf holding the recorded bytes.
 */
uint32_t trace_ustr(uint32_t va, char *buf, uint32_t len, uint32_t max);
/*
 * A host call the kernel made for the guest (on its stdin, stdout or
 * terminal: fstat, lseek, ioctl...): its result, and the len bytes it
 * filled at buf if the result is not negative. A recording writes both
 * down; in a replay the recorded ones replace them.
 */
long trace_host(long result, void *buf, size_t len);
/* read(2) of a host stream: the host's, or in a replay the recorded. */
ssize_t trace_input(int fd, void *buf, size_t count);
/* 1 while replaying: the guest's output was written by the recorded run. */
int trace_output_dropped(void);

#endif
