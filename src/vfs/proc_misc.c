/*
 * proc_misc.c - the small global files of /proc (Linux's
 * fs/proc/{cpuinfo,uptime,loadavg}.c, mm/swapfile.c's swaps header,
 * fs/proc_namespace.c's mounts), and the load average behind loadavg.
 *
 * Times come from the VFS clock (vfs_jiffies, VFS_HZ ticks per second),
 * never from the host.
 */
#include <stdlib.h>
#include "binfmt.h"
#include "internal.h"
#include "proc_fs.h"
#include "proc_internal.h"
#include "sched.h"
#include "seq_file.h"

unsigned long avenrun[3];

/* Linux's calc_load: an exponentially decaying average, fixed point. */
static unsigned long calc_load(unsigned long load, unsigned long exp,
			       unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

void calc_global_load(unsigned long nr_active)
{
	unsigned long active = nr_active * FIXED_1;

	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
}

#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

void loadavg_show(struct seq_file *m)
{
	const struct proc_task_ops *ops = proc_tasks;
	int pid = 0, last_pid = 0, running = 0, threads = 0;

	if (ops && ops->next_pid && ops->find) {
		while ((pid = ops->next_pid(pid)) > 0) {
			struct task_struct *t = ops->find(pid);

			if (!t)
				continue;
			threads++;
			running += t->state == TASK_RUNNING;
			last_pid = pid;
		}
	}
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %d/%d %d\n",
		   LOAD_INT(avenrun[0]), LOAD_FRAC(avenrun[0]),
		   LOAD_INT(avenrun[1]), LOAD_FRAC(avenrun[1]),
		   LOAD_INT(avenrun[2]), LOAD_FRAC(avenrun[2]),
		   running, threads, last_pid);
}

void uptime_show(struct seq_file *m)
{
	uint64_t j = vfs_jiffies;

	/* the one CPU is never idle while there is a process to run */
	seq_printf(m, "%llu.%02llu 0.00\n", (unsigned long long)(j / VFS_HZ),
		   (unsigned long long)(j % VFS_HZ) * (100 / VFS_HZ));
}

void swaps_show(struct seq_file *m)
{
	seq_printf(m, "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
	if (proc_swap && proc_swap->swaps_show)
		proc_swap->swaps_show(m);
}

/* Linux's names for the CPUID.1:EDX bits (arch/x86 x86_cap_flags). */
static const char *const x86_cap_flags[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
	"cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
	"pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx",
	"fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};

/*
 * One i686 CPU as Linux 2.6's i386 show_cpuinfo prints it. The flags are
 * the AT_HWCAP the ELF loader gives programs, so both tell one story.
 */
void cpuinfo_show(struct seq_file *m)
{
	uint32_t hwcap = ELF_HWCAP_DEFAULT;
	int bit;

	seq_printf(m, "processor\t: 0\n");
	seq_printf(m, "vendor_id\t: GenuineIntel\n");
	seq_printf(m, "cpu family\t: 6\n");
	seq_printf(m, "model\t\t: 6\n");
	seq_printf(m, "model name\t: QEMU Virtual CPU version 2.5+\n");
	seq_printf(m, "stepping\t: 3\n");
	seq_printf(m, "cpu MHz\t\t: 1000.000\n");
	seq_printf(m, "cache size\t: 512 KB\n");
	seq_printf(m, "fdiv_bug\t: no\n");
	seq_printf(m, "hlt_bug\t\t: no\n");
	seq_printf(m, "f00f_bug\t: no\n");
	seq_printf(m, "coma_bug\t: no\n");
	seq_printf(m, "fpu\t\t: yes\n");
	seq_printf(m, "fpu_exception\t: yes\n");
	seq_printf(m, "cpuid level\t: 4\n");
	seq_printf(m, "wp\t\t: yes\n");
	seq_printf(m, "flags\t\t:");
	for (bit = 0; bit < 32; bit++)
		if ((hwcap >> bit) & 1 && x86_cap_flags[bit])
			seq_printf(m, " %s", x86_cap_flags[bit]);
	seq_printf(m, "\n");
	seq_printf(m, "bogomips\t: 2000.00\n");
	seq_printf(m, "clflush size\t: 64\n");
	seq_printf(m, "cache_alignment\t: 64\n");
	seq_printf(m, "address sizes\t: 32 bits physical, 32 bits virtual\n");
	seq_printf(m, "power management:\n\n");
}

/* Linux's mangle(): space, tab, newline and backslash in octal. */
static void seq_escape_path(struct seq_file *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

void mounts_show(struct seq_file *m)
{
	struct vfsmount *mnt;
	struct path root, p;
	char *buf = malloc(PATH_MAX);

	if (!buf)
		return;
	get_vfs_root(&root);
	list_for_each_entry(mnt, &vfs_mounts, mnt_list) {
		const char *path;

		p.mnt = mnt;
		p.dentry = mnt->mnt_root;
		path = d_path(&p, &root, buf, PATH_MAX);
		if (IS_ERR(path))
			continue;
		seq_printf(m, "%s ", mnt->mnt_sb->s_type->name);
		seq_escape_path(m, path);
		seq_printf(m, " %s %s 0 0\n", mnt->mnt_sb->s_type->name,
			   (mnt->mnt_sb->s_flags & MS_RDONLY) ? "ro" : "rw");
	}
	if (root.mnt)
		path_put(&root);
	free(buf);
}
