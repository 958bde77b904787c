/*
 * hostio.h - the emulator's own reads and writes of host files that come
 * from outside (ELF images, swap areas): whole transfers that retry on
 * EINTR, and the one-line error message every reader of outside input
 * gives back ("not an ELF file", "wrong magic").
 */
#ifndef I386MM_HOSTIO_H
#define I386MM_HOSTIO_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* len bytes at off, fewer only at end of file; or -errno. */
long host_pread_full(int fd, void *buf, size_t len, uint64_t off);
/* All len bytes at off: len, or -errno (-EIO if nothing could be written). */
long host_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);

/* Write one error line into err (if any) and return ret. */
int errmsg(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int verrmsg(char *err, size_t errlen, int ret, const char *fmt, va_list ap);

#endif
