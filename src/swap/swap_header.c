/*
 * swap_header.c - the on-disk format of a swap area: the first page of
 * the file is Linux's union swap_header, exactly as util-linux mkswap
 * writes it (magic "SWAPSPACE2" in the last 10 bytes of the page,
 * version 1, last_page, the bad page list, uuid and label, little-endian).
 * Writing one here, and reading one written by anybody, are the two
 * places where the file's bytes are trusted or not: read_swap_header
 * checks every field before swapon uses it.
 *
 * Linux 2.6 refuses a bad page list in a regular file (it can only come
 * from `mkswap -c` on a disk); every area here is a file, so the list is
 * honoured instead: its pages become SWAP_MAP_BAD slots.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "swap.h"
#include "swap_internal.h"
#include "hostio.h"

_Static_assert(sizeof(union swap_header) == PAGE_SIZE,
	       "the swap header is one page");
_Static_assert(offsetof(union swap_header, info.version) == 1024,
	       "version follows the boot block");
_Static_assert(offsetof(union swap_header, info.badpages) == 1536,
	       "bad page list at 1536, as mkswap writes it");
_Static_assert(MAX_SWAP_BADPAGES == 637, "Linux's MAX_SWAP_BADPAGES");

int swap_err(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ret = verrmsg(err, errlen, ret, fmt, ap);
	va_end(ap);
	return ret;
}

void swap_uuid_unparse(const unsigned char u[SWAP_UUID_LEN], char buf[37])
{
	snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4],
		 u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		 u[14], u[15]);
}

/* FNV-1a, 64 bits, continuing from h. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

/*
 * A fixed UUID for (label, size): two FNV-1a hashes with different
 * seeds, marked as an RFC 9562 version 8 ("custom") UUID, since it is
 * neither random nor time-based.
 */
static void derive_uuid(unsigned char uuid[SWAP_UUID_LEN], const char *label,
			uint64_t size)
{
	static const char tag[] = "i386mm swap area";
	uint64_t h[2] = { 0xcbf29ce484222325ull, 0x84222325cbf29ce4ull };
	unsigned char le[8];
	int i, k;

	for (i = 0; i < 8; i++)
		le[i] = (unsigned char)(size >> (8 * i));
	for (k = 0; k < 2; k++) {
		h[k] = fnv1a(h[k], tag, sizeof(tag) - 1);
		h[k] = fnv1a(h[k], label, strlen(label));
		h[k] = fnv1a(h[k], le, sizeof(le));
		for (i = 0; i < 8; i++)
			uuid[8 * k + i] = (unsigned char)(h[k] >> (8 * i));
	}
	uuid[6] = (uuid[6] & 0x0f) | 0x80;	/* version 8 */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* RFC variant */
}

static int check_mkswap_args(uint64_t size, const char *label, char *err,
			     size_t errlen)
{
	uint64_t pages = size / PAGE_SIZE;

	if (size % PAGE_SIZE)
		return swap_err(err, errlen, -EINVAL,
				"size %llu is not a multiple of the page size "
				"(4096 bytes)", (unsigned long long)size);
	if (pages < SWAP_MIN_PAGES)
		return swap_err(err, errlen, -EINVAL,
				"size %llu is too small: a swap area needs at "
				"least %u pages (%u KiB)",
				(unsigned long long)size, SWAP_MIN_PAGES,
				SWAP_MIN_PAGES * 4);
	if (pages > SWAP_MAX_PAGES)
		return swap_err(err, errlen, -EINVAL,
				"size %llu is too large: at most %lu pages "
				"(64 GiB), since a swap entry's offset has 24 "
				"bits", (unsigned long long)size,
				SWAP_MAX_PAGES);
	if (label && strlen(label) > SWAP_LABEL_LEN)
		return swap_err(err, errlen, -EINVAL,
				"label \"%s\" is longer than %d bytes", label,
				SWAP_LABEL_LEN);
	return 0;
}

static void build_header(union swap_header *hdr, uint64_t size,
			 const char *label, const unsigned char *uuid)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->info.version = htole32(SWAP_HEADER_VERSION);
	hdr->info.last_page = htole32((uint32_t)(size / PAGE_SIZE - 1));
	hdr->info.nr_badpages = 0;
	if (uuid)
		memcpy(hdr->info.sws_uuid, uuid, SWAP_UUID_LEN);
	else
		derive_uuid(hdr->info.sws_uuid, label, size);
	memcpy(hdr->info.sws_volume, label, strlen(label));
	memcpy(hdr->magic.magic, SWAP_MAGIC, SWAP_MAGIC_LEN);
}

int mkswap_file(const char *path, uint64_t size, const char *label,
		const unsigned char *uuid, char *err, size_t errlen)
{
	union swap_header hdr;
	int fd, ret;

	if (!path || !*path)
		return swap_err(err, errlen, -EINVAL, "no file name");
	if (!label)
		label = "";
	ret = check_mkswap_args(size, label, err, errlen);
	if (ret)
		return ret;
	if (find_swap_area(path) >= 0)
		return swap_err(err, errlen, -EBUSY,
				"is an active swap area: swapoff first");
	build_header(&hdr, size, label, uuid);

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return swap_err(err, errlen, -errno, "cannot create: %s",
				strerror(errno));
	if (ftruncate(fd, (off_t)size) < 0) {
		ret = swap_err(err, errlen, -errno, "cannot set the size to "
			       "%llu bytes: %s", (unsigned long long)size,
			       strerror(errno));
		goto fail;
	}
	ret = swap_write_full(fd, &hdr, sizeof(hdr), 0);
	if (ret) {
		swap_err(err, errlen, ret, "cannot write the swap header: %s",
			 strerror(-ret));
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		ret = swap_err(err, errlen, -errno, "cannot write: %s",
			       strerror(errno));
		goto fail;
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(path);
	return ret;
}

/* ---- Reading ---- */

/* The magic bytes as text: printable ASCII kept, others as \xNN. */
static void show_magic(const char *magic, char *out, size_t outlen)
{
	size_t o = 0;
	int i;

	for (i = 0; i < SWAP_MAGIC_LEN && o + 4 < outlen; i++) {
		unsigned char c = (unsigned char)magic[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outlen - o,
					      "\\x%02x", c);
	}
	out[o] = '\0';
}

/* A SWAPSPACE2 magic at the end of a larger page: mkswap --pagesize. */
static unsigned other_page_size(int fd, uint64_t file_size)
{
	char magic[SWAP_MAGIC_LEN];
	unsigned ps;

	for (ps = 2 * PAGE_SIZE; ps <= 65536; ps *= 2)
		if (file_size >= ps &&
		    swap_read_full(fd, magic, sizeof(magic),
			      ps - SWAP_MAGIC_LEN) == SWAP_MAGIC_LEN &&
		    !memcmp(magic, SWAP_MAGIC, SWAP_MAGIC_LEN))
			return ps;
	return 0;
}

static int check_magic(int fd, const union swap_header *hdr,
		       uint64_t file_size, char *err, size_t errlen)
{
	char shown[SWAP_MAGIC_LEN * 4 + 1];
	unsigned ps;

	if (!memcmp(hdr->magic.magic, SWAP_MAGIC, SWAP_MAGIC_LEN))
		return 0;
	if (!memcmp(hdr->magic.magic, "SWAP-SPACE", SWAP_MAGIC_LEN))
		return swap_err(err, errlen, -EINVAL,
				"old-style swap area (version 0, magic "
				"SWAP-SPACE) is not supported: recreate it "
				"with mkswap");
	ps = other_page_size(fd, file_size);
	if (ps)
		return swap_err(err, errlen, -EINVAL,
				"swap area made for %u-byte pages (magic at "
				"byte %u); pages here are %u bytes", ps,
				ps - SWAP_MAGIC_LEN, PAGE_SIZE);
	show_magic(hdr->magic.magic, shown, sizeof(shown));
	return swap_err(err, errlen, -EINVAL,
			"not a swap area: expected magic \"%s\" at byte %u, "
			"found \"%s\"", SWAP_MAGIC, (unsigned)SWAP_MAGIC_OFFSET,
			shown);
}

/* badpages[i], which lies past the one-element array the union names. */
static uint32_t header_badpage(const union swap_header *hdr, uint32_t i)
{
	uint32_t v;

	memcpy(&v, (const char *)hdr + offsetof(union swap_header,
						 info.badpages) +
	       (size_t)i * sizeof(v), sizeof(v));
	return le32toh(v);
}

static int check_fields(const union swap_header *hdr,
			struct swap_header_info *info, char *err,
			size_t errlen)
{
	uint32_t version = le32toh(hdr->info.version);
	uint32_t last = le32toh(hdr->info.last_page);
	uint32_t nbad = le32toh(hdr->info.nr_badpages);
	uint32_t i;

	if (version != SWAP_HEADER_VERSION)
		return swap_err(err, errlen, -EINVAL,
				"swap header version %u is not supported "
				"(only version 1)", version);
	if (last == 0)
		return swap_err(err, errlen, -EINVAL,
				"last_page is 0: the area has no page slots");
	if (last >= info->file_pages)
		return swap_err(err, errlen, -EINVAL,
				"last_page %u is beyond the end of the file "
				"(%llu pages, so at most %llu)", last,
				(unsigned long long)info->file_pages,
				(unsigned long long)info->file_pages - 1);
	if (nbad > MAX_SWAP_BADPAGES)
		return swap_err(err, errlen, -EINVAL,
				"nr_badpages %u is more than the %zu a swap "
				"header can list", nbad, MAX_SWAP_BADPAGES);
	for (i = 0; i < nbad; i++) {
		uint32_t b = header_badpage(hdr, i);

		if (b == 0 || b > last)
			return swap_err(err, errlen, -EINVAL,
					"bad page %u (entry %u of the list) "
					"is outside the area's pages 1..%u",
					b, i, last);
		info->badpages[i] = b;
	}
	info->last_page = last;
	info->nr_badpages = nbad;
	return 0;
}

int read_swap_header(int fd, struct swap_header_info *info, char *err,
		     size_t errlen)
{
	union swap_header hdr;
	struct stat st;
	long n;
	int ret;

	memset(info, 0, sizeof(*info));
	if (fstat(fd, &st) < 0)
		return swap_err(err, errlen, -EIO, "cannot stat: %s",
				strerror(errno));
	if (!S_ISREG(st.st_mode))
		return swap_err(err, errlen, -EINVAL, "not a regular file");
	n = swap_read_full(fd, &hdr, sizeof(hdr), 0);
	if (n < 0)
		return swap_err(err, errlen, -EIO,
				"cannot read the swap header: %s",
				strerror((int)-n));
	if (n < (long)sizeof(hdr))
		return swap_err(err, errlen, -EINVAL,
				"too short for a swap area: %ld bytes, the "
				"header alone is %u", n, PAGE_SIZE);
	info->file_pages = (uint64_t)st.st_size / PAGE_SIZE;
	ret = check_magic(fd, &hdr, (uint64_t)st.st_size, err, errlen);
	if (!ret)
		ret = check_fields(&hdr, info, err, errlen);
	if (ret)
		return ret;
	memcpy(info->uuid, hdr.info.sws_uuid, SWAP_UUID_LEN);
	memcpy(info->label, hdr.info.sws_volume, SWAP_LABEL_LEN);
	info->label[SWAP_LABEL_LEN] = '\0';
	info->max = info->last_page < SWAP_MAX_PAGES - 1 ?
		    info->last_page + 1 : (uint32_t)SWAP_MAX_PAGES;
	return 0;
}
