/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz share: a check that
 * stops the run on the first wrong answer (abort, so libFuzzer and the
 * replay driver both report the input), a reader that turns the fuzzer's
 * bytes into operands (zeros once they run out, so every input is a
 * complete program), and one scratch directory per process for the files
 * an input becomes (removed at exit).
 *
 * Each target defines LLVMFuzzerTestOneInput, boots what it needs on its
 * first call and leaves the machine as it found it after every input;
 * "nothing lost" (every frame free again) is checked per input, not once
 * at the end, so the input that loses a frame is the one reported.
 */
#ifndef I386MM_FUZZ_H
#define I386MM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)						\
	do {								\
		if (!(cond))						\
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

void fuzz_fail(const char *file, int line, const char *cond,
	       const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* The input as a stream of little-endian operands. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline int fuzz_more(const struct fuzz_in *in)
{
	return in->n > 0;
}

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | fuzz_u8(in) << 8);
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | (uint32_t)fuzz_u16(in) << 16;
}

/* The process's scratch directory (created on first use, in $TMPDIR or
 * /tmp, removed with its contents at exit). */
const char *fuzz_dir(void);
/* fuzz_dir()/name, holding exactly data; the path, in a static buffer. */
const char *fuzz_write_file(const char *name, const uint8_t *data,
			    size_t size);
/* Host descriptors open on fuzz_dir() or anything in it: "no host
 * descriptor leaked" (libFuzzer's and the sanitizers' own come and go). */
int fuzz_nr_open_fds(void);

#endif
