/*
 * swap_boot.h - the swap areas of a run, from the command line to
 * shutdown, and the reclaim work the run loop does between CPU slices.
 *
 *	swap_boot_add(spec)	`--swap FILE[:SIZE][,pri=N]`, parsed and
 *				remembered in order (main.c)
 *	swap_boot_prepare()	before boot: a missing FILE is created
 *				(mkswap) with SIZE, an existing one has its
 *				header checked; errors are usage errors
 *	swap_boot()		after the VFS is up: proc's swap hooks and
 *				do_swapon for each area, in order
 *	reclaim_tick()		after each CPU slice: kswapd and periodic
 *				reclaim on the virtual clock
 *	swap_shutdown()		after the last process and the VFS are
 *				gone: every area closed; the slots that
 *				were still in use (0: nothing lost)
 *
 * Every error is one line on stderr starting "i386mm: ".
 */
#ifndef I386MM_SWAP_BOOT_H
#define I386MM_SWAP_BOOT_H

#include <stdint.h>

/* At most this many --swap options (Linux's MAX_SWAPFILES is larger). */
#define SWAP_BOOT_MAX	8

/* Parse and remember one --swap value; 0 or EXIT_USAGE (after the line). */
int swap_boot_add(const char *opt, const char *spec);
/* Create or check every file; 0 or EXIT_USAGE (after the line). */
int swap_boot_prepare(void);
/*
 * The areas swap_boot_prepare checked or made, in order: their bytes and
 * priorities (-1: automatic). For a trace's header. The number of areas.
 */
unsigned swap_boot_areas(uint64_t *bytes, int *prio, unsigned max);
/* Forget every --swap (tests parse several command lines). */
void swap_boot_reset(void);
/* Swap on every area; 0 or -errno (after the line). */
int swap_boot(void);
void reclaim_tick(void);
unsigned long swap_shutdown(void);

/* `i386mm mkswap FILE SIZE [--label L]`: 0, 1 (I/O) or 2 (usage). */
int cmd_mkswap(int argc, char **argv);

/*
 * swapon(2), swapoff(2) (sys_swap.c), and the host name of the guest's
 * regular file at path on the host-backed root, into buf[PATH_MAX]
 * (src/vfs/hostfs_host_path.c): -EINVAL on another file system or for
 * anything but a regular file, -EROFS for write on a read-only root.
 */
#ifndef __NR_swapon
#define __NR_swapon	87
#define __NR_swapoff	115
#endif
struct pt_regs;
struct path;
long sys_swapon(const struct pt_regs *regs);
long sys_swapoff(const struct pt_regs *regs);
int hostfs_host_path(const struct path *path, int write, char *buf);

/* SIZE as main.c reads it: bytes or a K, M, G suffix. 0 or -1. */
int parse_size(const char *s, uint64_t *out);

#endif
