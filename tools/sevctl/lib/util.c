// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: error messages, files, hex/base64/GUID text, output files that
 * disappear when a command fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "sevctl.h"

static char sc_msg[1024];

void sc_err(int code, const char *fmt, ...)
{
	va_list ap;

	(void)code;
	va_start(ap, fmt);
	vsnprintf(sc_msg, sizeof(sc_msg), fmt, ap);
	va_end(ap);
}

const char *sc_errmsg(void)
{
	return sc_msg[0] ? sc_msg : "unknown error";
}

void sc_err_clear(void)
{
	sc_msg[0] = 0;
}

int sc_read_file(const char *path, uint8_t **buf, size_t *len, size_t max)
{
	FILE *f;
	uint8_t *b = NULL;
	size_t n = 0, cap = 0, r;

	f = fopen(path, "rb");
	if (!f) {
		sc_err(SC_EINPUT, "%s: %s", path, strerror(errno));
		return -SC_EINPUT;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			cap = cap ? 2 * cap : 65536;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				fclose(f);
				sc_err(SC_EINTERNAL, "%s: out of memory", path);
				return -SC_EINTERNAL;
			}
			b = nb;
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
		if (n > max) {
			free(b);
			fclose(f);
			sc_err(SC_EINPUT, "%s: larger than %zu bytes", path,
			       max);
			return -SC_EINPUT;
		}
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(b);
		fclose(f);
		sc_err(SC_EINPUT, "%s: read error", path);
		return -SC_EINPUT;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

int sc_read_blob(const char *path, uint8_t *out, size_t len)
{
	uint8_t *b;
	size_t n, got;
	int ret;

	ret = sc_read_file(path, &b, &n, 4 * len + 64);
	if (ret)
		return ret;
	if (n == len) {
		memcpy(out, b, len);
		free(b);
		return 0;
	}
	ret = sc_unb64((const char *)b, n, out, &got, len);
	free(b);
	if (ret || got != len) {
		sc_err(SC_EINPUT,
		       "%s: expected %zu bytes raw or in base64, got %zu bytes",
		       path, len, n);
		return -SC_EINPUT;
	}
	return 0;
}

static int sc_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sc_hex_parse(const char *what, const char *hex, uint8_t *out, size_t len)
{
	size_t i;

	if (!strncmp(hex, "0x", 2))
		hex += 2;
	if (strlen(hex) != 2 * len) {
		sc_err(SC_EINPUT, "%s: expected %zu hex digits, got %zu", what,
		       2 * len, strlen(hex));
		return -SC_EINPUT;
	}
	for (i = 0; i < len; i++) {
		int hi = sc_hexval(hex[2 * i]), lo = sc_hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			sc_err(SC_EINPUT, "%s: not a hex digit at position %zu",
			       what, 2 * i + (hi < 0 ? 0 : 1));
			return -SC_EINPUT;
		}
		out[i] = hi << 4 | lo;
	}
	return 0;
}

void sc_hex_str(char *out, const uint8_t *in, size_t len)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = d[in[i] >> 4];
		out[2 * i + 1] = d[in[i] & 15];
	}
	out[2 * len] = 0;
}

int sc_parse_u64(const char *what, const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-') {
		sc_err(SC_EINPUT, "%s: missing or negative number", what);
		return -SC_EINPUT;
	}
	*v = strtoull(s, &end, 0);
	if (errno || *end) {
		sc_err(SC_EINPUT, "%s: '%s' is not a number", what, s);
		return -SC_EINPUT;
	}
	return 0;
}

int sc_parse_uint(const char *what, const char *s, uint64_t max, uint64_t *v)
{
	int ret = sc_parse_u64(what, s, v);

	if (!ret && *v > max) {
		sc_err(SC_EINPUT, "%s: %s is out of range (0..%#llx)", what, s,
		       (unsigned long long)max);
		ret = -SC_EINPUT;
	}
	return ret;
}

/* "MAJOR.MINOR", both decimal 0..255, nothing else. */
int sc_parse_api(const char *what, const char *s, uint8_t *major,
		 uint8_t *minor)
{
	unsigned long v[2];
	const char *p = s;
	char *end;
	int i;

	for (i = 0; i < 2; i++) {
		if (!p || *p < '0' || *p > '9')
			goto bad;
		errno = 0;
		v[i] = strtoul(p, &end, 10);
		if (errno || v[i] > 255 || *end != (i ? 0 : '.'))
			goto bad;
		p = end + 1;
	}
	*major = v[0];
	*minor = v[1];
	return 0;
bad:
	sc_err(SC_EINPUT, "%s: '%s' is not MAJOR.MINOR (decimal, each 0..255)",
	       what, s ? s : "");
	return -SC_EINPUT;
}

char *sc_b64(const uint8_t *in, size_t len)
{
	char *out = malloc(4 * ((len + 2) / 3) + 1);

	if (out)
		EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	return out;
}

int sc_unb64(const char *in, size_t inlen, uint8_t *out, size_t *outlen,
	     size_t max)
{
	char *clean;
	uint8_t *tmp;
	size_t i, n = 0, pad = 0;
	int got;

	clean = malloc(inlen + 1);
	if (!clean)
		return -SC_EINTERNAL;
	for (i = 0; i < inlen; i++) {
		char c = in[i];

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		clean[n++] = c;
	}
	clean[n] = 0;
	if (!n || n % 4) {
		free(clean);
		return -SC_EINPUT;
	}
	if (clean[n - 1] == '=')
		pad++;
	if (clean[n - 2] == '=')
		pad++;
	tmp = malloc(n / 4 * 3);
	if (!tmp) {
		free(clean);
		return -SC_EINTERNAL;
	}
	got = EVP_DecodeBlock(tmp, (unsigned char *)clean, (int)n);
	free(clean);
	if (got < 0 || (size_t)got < pad || (size_t)got - pad > max) {
		free(tmp);
		return -SC_EINPUT;
	}
	*outlen = got - pad;
	memcpy(out, tmp, *outlen);
	free(tmp);
	return 0;
}

/* "aabbccdd-eeff-0011-2233-445566778899" to the bytes_le layout. */
int sc_guid_parse(const char *s, uint8_t out[16])
{
	static const int pos[16] = { 6, 4, 2, 0, 11, 9, 16, 14,
				     19, 21, 24, 26, 28, 30, 32, 34 };
	int i;

	if (strlen(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' ||
	    s[23] != '-') {
		sc_err(SC_EINPUT, "'%s' is not a GUID", s);
		return -SC_EINPUT;
	}
	for (i = 0; i < 16; i++) {
		int hi = sc_hexval(s[pos[i]]), lo = sc_hexval(s[pos[i] + 1]);

		if (hi < 0 || lo < 0) {
			sc_err(SC_EINPUT, "'%s' is not a GUID", s);
			return -SC_EINPUT;
		}
		out[i] = hi << 4 | lo;
	}
	return 0;
}

void sc_guid_str(char out[37], const uint8_t g[16])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9],
		 g[10], g[11], g[12], g[13], g[14], g[15]);
}

void sc_uuid_str(char out[37], const uint8_t g[16])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9],
		 g[10], g[11], g[12], g[13], g[14], g[15]);
}

void sc_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

void sc_put_le32(uint8_t *p, uint32_t v)
{
	sc_put_le16(p, v);
	sc_put_le16(p + 2, v >> 16);
}

void sc_put_le64(uint8_t *p, uint64_t v)
{
	sc_put_le32(p, v);
	sc_put_le32(p + 4, v >> 32);
}

uint16_t sc_le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

uint32_t sc_le32(const uint8_t *p)
{
	return sc_le16(p) | (uint32_t)sc_le16(p + 2) << 16;
}

uint64_t sc_le64(const uint8_t *p)
{
	return sc_le32(p) | (uint64_t)sc_le32(p + 4) << 32;
}

int sc_out_write(struct sc_outset *o, const char *path, const void *data,
		 size_t len, unsigned int mode)
{
	const uint8_t *p = data;
	int fd, saved;

	if (o->n >= (int)ARRAY_SIZE(o->path)) {
		sc_err(SC_EINTERNAL, "too many output files");
		return -SC_EINTERNAL;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  mode);
	if (fd < 0) {
		sc_err(SC_EINTERNAL, "%s: %s", path, strerror(errno));
		return -SC_EINTERNAL;
	}
	o->path[o->n] = strdup(path);
	if (o->path[o->n])
		o->n++;
	/* An existing file keeps its mode on open(): force ours first. */
	if (fchmod(fd, mode))
		goto fail;
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= w;
	}
	if (fsync(fd) && errno != EINVAL)
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	sc_err(SC_EINTERNAL, "%s: %s", path, strerror(saved));
	return -SC_EINTERNAL;
}

void sc_out_abort(struct sc_outset *o)
{
	while (o->n > 0) {
		o->n--;
		unlink(o->path[o->n]);
		free(o->path[o->n]);
	}
}

void sc_out_done(struct sc_outset *o)
{
	while (o->n > 0)
		free(o->path[--o->n]);
}
