/*
 * tls - __thread variables, initialised and zero, read and written. In a
 * static i386 program glibc copies the PT_TLS image (found through the
 * auxiliary vector's AT_PHDR) into a block it places below the thread
 * pointer, then points %gs at it with set_thread_area: every access below
 * is a %gs-relative load or store, so this checks the emulator's GDT
 * entry, segment base and the loader's program headers.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static __thread int tls_init = 42;
static __thread int tls_zero;
static __thread char tls_str[16] = "thread-local";
static __thread uint64_t tls_big = 0x0123456789abcdefull;
static __thread int tls_aligned __attribute__((aligned(64))) = 7;

static void show(const char *when)
{
	printf("%s: init %d zero %d str \"%s\" big 0x%016llx aligned %d\n",
	       when, tls_init, tls_zero, tls_str,
	       (unsigned long long)tls_big, tls_aligned);
}

int main(void)
{
	show("initial");
	printf("64-byte aligned variable is aligned: %s\n",
	       (uintptr_t)&tls_aligned % 64 == 0 ? "yes" : "no");
	tls_init += 58;
	tls_zero = -5;
	strcpy(tls_str, "rewritten");
	tls_big = ~tls_big;
	tls_aligned *= 6;
	show("written");
	return 0;
}
