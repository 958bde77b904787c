/*
 * task.c - where task_structs come from: their slab cache, in emulated
 * lowmem like every kernel object, and a new task's defaults (Linux
 * 2.6's INIT_RLIMITS), so the syscall layer finds sane limits whoever
 * created the task.
 */
#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "slab.h"

static struct kmem_cache *task_struct_cachep;

/* include/asm-generic/resource.h of Linux 2.6, i386 */
#define RLIMIT_LOCKS		10
#define RLIMIT_MSGQUEUE		12
#define INR_OPEN		1024
#define MLOCK_LIMIT		(8u * PAGE_SIZE)
#define MQ_BYTES_MAX		819200

static void init_rlimits(struct rlimit64 *rlim)
{
	int i;

	for (i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	rlim[RLIMIT_STACK].rlim_cur = RLIMIT_STACK_DEFAULT;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_NOFILE] = (struct rlimit64){ INR_OPEN, INR_OPEN };
	rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ MLOCK_LIMIT, MLOCK_LIMIT };
	rlim[RLIMIT_MSGQUEUE] = (struct rlimit64){ MQ_BYTES_MAX, MQ_BYTES_MAX };
	/* Linux derives NPROC from memory at boot (max_threads / 2);
	 * a fixed bound here keeps a fork bomb small. SIGPENDING:
	 * unlimited. */
	rlim[RLIMIT_NPROC] = (struct rlimit64){ NPROC_DEFAULT, NPROC_DEFAULT };
}

int task_cache_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct",
					       sizeof(struct task_struct), 0,
					       SLAB_HWCACHE_ALIGN, NULL);
	return task_struct_cachep ? 0 : -ENOMEM;
}

void task_cache_exit(void)
{
	if (task_struct_cachep)
		kmem_cache_destroy(task_struct_cachep);
	task_struct_cachep = NULL;
}

struct task_struct *alloc_task(void)
{
	struct task_struct *tsk;

	tsk = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	if (!tsk)
		return NULL;
	tsk->state = TASK_RUNNING;
	INIT_LIST_HEAD(&tsk->tasks);
	INIT_LIST_HEAD(&tsk->children);
	INIT_LIST_HEAD(&tsk->sibling);
	init_rlimits(tsk->rlim);
	return tsk;
}

void free_task(struct task_struct *tsk)
{
	if (!tsk)
		return;
	if (tsk->ctx)
		cpu_context_free(tsk->ctx);
	kmem_cache_free(task_struct_cachep, tsk);
}
