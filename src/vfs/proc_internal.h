/*
 * proc_internal.h - what the procfs files share: the hooks the kernel
 * and the swap code registered.
 */
#ifndef I386MM_PROC_INTERNAL_H
#define I386MM_PROC_INTERNAL_H

#include "proc_fs.h"

extern const struct proc_task_ops *proc_tasks;
extern const struct proc_swap_ops *proc_swap;

#endif
