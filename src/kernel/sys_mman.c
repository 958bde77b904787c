/*
 * sys_mman.c - the memory system calls over the VMA layer (mm.h): brk,
 * mmap (the old one-struct form and mmap2), munmap, mprotect, madvise,
 * msync. A file mapping goes through the file's mmap operation
 * (vfs_mmap): its VMA holds the file, its faults are the page cache's
 * (filemap_fault), MAP_PRIVATE copies a page on the first write and
 * MAP_SHARED stores into the cache page itself; a pipe or terminal
 * cannot be mapped (-ENODEV). Offsets are in pages for mmap2 and in
 * bytes (page-aligned) for the old mmap.
 *
 * Stores through a shared mapping set PTE dirty bits only; msync moves
 * them to the pages (filemap_sync_range) and with MS_SYNC writes the
 * range back. zap_page_range moves them too when a PTE goes (munmap,
 * MAP_FIXED, mremap, MADV_DONTNEED, exit), so the flusher and fsync find
 * every store.
 *
 * A change to executable mappings is passed on to the CPU, whose code
 * pages and data windows follow the VM_EXEC layout
 * (cpu_mm_layout_changed).
 */
#include <errno.h>

#include "cpu.h"
#include "fdtable.h"
#include "fs.h"
#include "kern_fs.h"
#include "mm.h"
#include "pagemap.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define MAP_SHARED_VALIDATE	0x03
/* The flags mmap knows, for MAP_SHARED_VALIDATE (Linux's LEGACY_MAP_MASK
 * and the ones after it that we accept). */
#define MAP_KNOWN	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | \
			 MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | \
			 MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | \
			 MAP_NONBLOCK | MAP_STACK | MAP_FIXED_NOREPLACE)
#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

#define MADV_NORMAL	0
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_REMOVE	9
#define MADV_DODUMP	17

struct mmap_arg_struct {
	uint32_t addr, len, prot, flags, fd, offset;
};

/* [start, start + len) is a page-aligned, non-empty user range. */
static int user_range(uint32_t start, uint32_t len)
{
	return !(start & ~PAGE_MASK) && start < TASK_SIZE && len &&
	       len <= TASK_SIZE - start;
}

int range_has_exec(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next)
		if (vma->vm_flags & VM_EXEC)
			return 1;
	return 0;
}

SYSCALL_DEFINE1(brk, uint32_t, brk)
{
	struct mm_struct *mm = current->mm;
	uint64_t data = current->rlim[RLIMIT_DATA].rlim_cur;

	/* Linux 2.6: the heap plus the data segment within RLIMIT_DATA */
	if (brk > mm->start_data && data < RLIM_INFINITY &&
	    brk - mm->start_data > data)
		return mm->brk;
	return do_brk(mm, brk);
}

static long do_mmap2(uint32_t addr, uint32_t len, uint32_t prot,
		     uint32_t flags, int fd, uint32_t pgoff)
{
	struct mm_struct *mm = current->mm;
	struct file *file = NULL;
	int exec = 0;
	uint32_t ret;

	if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE) {
		if (flags & ~(uint32_t)MAP_KNOWN)
			return -EOPNOTSUPP;
		flags = (flags & ~(uint32_t)MAP_TYPE) | MAP_SHARED;
	}
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
	} else if ((flags & MAP_TYPE) == MAP_SHARED && len) {
		/* shmem_zero_setup: shared with the fork's other processes */
		file = shmem_file_setup("dev/zero", PAGE_ALIGN((int64_t)len));
		if (IS_ERR(file))
			return PTR_ERR(file);
		pgoff = 0;
	}
	if ((flags & MAP_FIXED) && user_range(addr, len))
		exec = range_has_exec(mm, addr, addr + len);
	if (file) {
		ret = vfs_mmap(mm, file, addr, len, (int)prot, (int)flags,
			       pgoff);
		fput(file);
	} else {
		ret = do_mmap_pgoff(mm, addr, len, (int)prot, (int)flags,
				    pgoff, NULL, NULL);
	}
	if (exec || (!IS_ERR_VALUE(ret) && (prot & PROT_EXEC)))
		cpu_mm_layout_changed();
	return IS_ERR_VALUE(ret) ? (long)(int32_t)ret : (long)ret;
}

SYSCALL_DEFINE6(mmap2, uint32_t, addr, uint32_t, len, uint32_t, prot,
		uint32_t, flags, int, fd, uint32_t, pgoff)
{
	return do_mmap2(addr, len, prot, flags, fd, pgoff);
}

SYSCALL_DEFINE1(mmap, uint32_t, uargs)
{
	struct mmap_arg_struct a;

	if (copy_from_user(&a, uargs, sizeof(a)))
		return -EFAULT;
	if (a.offset & ~PAGE_MASK)
		return -EINVAL;
	return do_mmap2(a.addr, a.len, a.prot, a.flags, (int)a.fd,
			a.offset >> PAGE_SHIFT);
}

SYSCALL_DEFINE2(munmap, uint32_t, addr, uint32_t, len)
{
	struct mm_struct *mm = current->mm;
	int exec = 0, err;

	if (user_range(addr, len))
		exec = range_has_exec(mm, addr, addr + len);
	err = do_munmap(mm, addr, len);
	if (!err && exec)
		cpu_mm_layout_changed();
	return err;
}

SYSCALL_DEFINE3(mprotect, uint32_t, start, uint32_t, len, uint32_t, prot)
{
	struct mm_struct *mm = current->mm;
	int exec = 0, err;

	if (user_range(start, len))
		exec = range_has_exec(mm, start, start + len);
	err = do_mprotect(mm, start, len, (int)prot);
	if (!err && (exec || (prot & PROT_EXEC)))
		cpu_mm_layout_changed();
	return err;
}

static int madvise_behavior_valid(uint32_t behavior)
{
	return behavior <= MADV_DONTNEED ||
	       (behavior >= MADV_FREE && behavior <= MADV_DODUMP);
}

/* One VMA's part [start, end): only the discarding advice acts. */
static long madvise_vma(struct vm_area_struct *vma, uint32_t start,
			uint32_t end, uint32_t behavior)
{
	switch (behavior) {
	case MADV_REMOVE:
		if (!(vma->vm_flags & VM_SHARED))
			return -EINVAL;
		/* fall through */
	case MADV_DONTNEED:
	case MADV_FREE:
		if (vma->vm_flags & VM_LOCKED)
			return -EINVAL;
		zap_page_range(vma, start, end);
		return 0;
	default:	/* hints: access patterns, fork and dump marks */
		return 0;
	}
}

/*
 * Linux's sys_madvise: the advice applies to every mapped part of the
 * range; a hole in it is -ENOMEM, reported after the rest is done.
 */
SYSCALL_DEFINE3(madvise, uint32_t, start, uint32_t, len_in, uint32_t,
		behavior)
{
	struct vm_area_struct *vma;
	uint32_t len, end, tmp;
	long unmapped = 0, err;

	if (!madvise_behavior_valid(behavior) || (start & ~PAGE_MASK))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	for (vma = find_vma(current->mm, start); ; vma = vma->vm_next) {
		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				return -ENOMEM;
		}
		tmp = end < vma->vm_end ? end : vma->vm_end;
		err = madvise_vma(vma, start, tmp, behavior);
		if (err)
			return err;
		start = tmp;
		if (start >= end)
			return unmapped;
	}
}

/* One VMA's part [start, end): dirty bits to pages; MS_SYNC writes. */
static long msync_vma(struct vm_area_struct *vma, uint32_t start,
		      uint32_t end, uint32_t flags)
{
	struct file *file = vma_file(vma);
	loff_t off;

	if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
		return -EBUSY;
	if (!file || !(vma->vm_flags & VM_SHARED))
		return 0;
	filemap_sync_range(vma, start, end);
	if (!(flags & MS_SYNC))
		return 0;	/* MS_ASYNC: the flusher will write them */
	off = ((loff_t)vma->vm_pgoff << PAGE_SHIFT) + (start - vma->vm_start);
	return filemap_write_range(file->f_mapping, off,
				   off + (loff_t)(end - start) - 1);
}

/* Linux's sys_msync: a hole in the range is -ENOMEM, after the rest. */
SYSCALL_DEFINE3(msync, uint32_t, start, uint32_t, len_in, uint32_t, flags)
{
	struct vm_area_struct *vma;
	uint32_t len, end, tmp;
	long unmapped = 0, err;

	if (flags & ~(uint32_t)(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -ENOMEM;
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	for (vma = find_vma(current->mm, start); ; vma = vma->vm_next) {
		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				return unmapped;
		}
		tmp = end < vma->vm_end ? end : vma->vm_end;
		err = msync_vma(vma, start, tmp, flags);
		if (err)
			return err;
		start = tmp;
		if (start >= end)
			return unmapped;
	}
}
