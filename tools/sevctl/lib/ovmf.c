// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: OVMF's footer GUID table and QEMU's kernel-hashes table.
 *
 * Footer table: it ends 32 bytes before the end of the image; its last 18
 * bytes are u16 total_size (including those 18) and the GUID
 * 96b582de-1fb2-45f7-baea-a366c55a082d.  Walking backwards from there, each
 * entry is data || u16 entry_size (data + 18) || GUID.  GUIDs are stored in
 * the mixed-endian "bytes_le" layout.  Entries used here:
 *	00f771de-1a7e-4fcb-890e-68c77e2fb44e  SEV-ES reset block: u32 AP reset
 *	7255371f-3a3b-4b04-927b-1da6efa8d454  hashes table: u32 base, u32 size
 *	4c2eb361-7d9b-4cc3-8081-127c90d3d294  secret area: u32 base, u32 size
 *	dc886566-984a-4798-a75e-5585a7bf67cc  SEV metadata: u32 offset of the
 *		metadata from the end of the image
 *
 * SEV metadata (edk2 OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm):
 *	"ASEV", u32 size (header + sections), u32 version 1, u32 count,
 *	then count x { u32 gpa, u32 size, u32 type }; types 1 SNP_SEC_MEM,
 *	2 SNP_SECRETS, 3 CPUID, 4 SVSM_CAA, 0x10 SNP_KERNEL_HASHES.
 *
 * Kernel-hashes table (QEMU "PaddedSevHashTable", 176 bytes):
 *	GUID 9438d606-4f22-4cc9-b479-a793d411fd21, u16 168,
 *	GUID 97d02dd8-bd20-4c94-aa78-e7714d36ab2a, u16 50, SHA256(cmdline NUL)
 *	GUID 44baf731-3a2f-4bd7-9af1-41e29169781d, u16 50, SHA256(initrd)
 *	GUID 4de79437-abd2-427f-b835-d5b172d2045b, u16 50, SHA256(bzImage)
 *	8 zero bytes.
 */
#include <string.h>

#include "sevctl.h"

#define SC_GUID_FOOTER	"96b582de-1fb2-45f7-baea-a366c55a082d"
#define SC_GUID_RESET	"00f771de-1a7e-4fcb-890e-68c77e2fb44e"
#define SC_GUID_HASHES	"7255371f-3a3b-4b04-927b-1da6efa8d454"
#define SC_GUID_SECRET	"4c2eb361-7d9b-4cc3-8081-127c90d3d294"
#define SC_GUID_META	"dc886566-984a-4798-a75e-5585a7bf67cc"
#define SC_GUID_HT	"9438d606-4f22-4cc9-b479-a793d411fd21"
#define SC_GUID_CMDLINE	"97d02dd8-bd20-4c94-aa78-e7714d36ab2a"
#define SC_GUID_INITRD	"44baf731-3a2f-4bd7-9af1-41e29169781d"
#define SC_GUID_KERNEL	"4de79437-abd2-427f-b835-d5b172d2045b"

static int sc_ovmf_meta(const char *name, const uint8_t *img, size_t len,
			uint32_t off, struct sc_ovmf *o)
{
	size_t start, size, count, i;
	const uint8_t *p;

	if (off < 16 || off > len) {
		sc_err(SC_EINPUT, "%s: SEV metadata offset %#x is outside the image",
		       name, off);
		return -SC_EINPUT;
	}
	start = len - off;
	p = img + start;
	size = sc_le32(p + 4);
	count = sc_le32(p + 12);
	if (memcmp(p, "ASEV", 4) || sc_le32(p + 8) != 1) {
		sc_err(SC_EINPUT, "%s: no SEV metadata version 1 ('ASEV') at %#zx",
		       name, start);
		return -SC_EINPUT;
	}
	if (size > off || size < 16 || count > SC_OVMF_MAX_SECTIONS ||
	    count * 12 > size - 16) {
		sc_err(SC_EINPUT, "%s: SEV metadata at %#zx: size %zu, %zu sections do not fit",
		       name, start, size, count);
		return -SC_EINPUT;
	}
	for (i = 0; i < count; i++) {
		const uint8_t *d = p + 16 + 12 * i;

		o->sec[i].gpa = sc_le32(d);
		o->sec[i].size = sc_le32(d + 4);
		o->sec[i].type = sc_le32(d + 8);
	}
	o->nsec = count;
	o->have_meta = true;
	return 0;
}

int sc_ovmf_parse(const char *name, const uint8_t *img, size_t len,
		  struct sc_ovmf *o)
{
	uint8_t gfooter[16], greset[16], ghashes[16], gsecret[16], gmeta[16];
	uint32_t meta_off = 0;
	bool meta = false;
	size_t foot, tsize, end, start;

	memset(o, 0, sizeof(*o));
	sc_guid_parse(SC_GUID_FOOTER, gfooter);
	sc_guid_parse(SC_GUID_RESET, greset);
	sc_guid_parse(SC_GUID_HASHES, ghashes);
	sc_guid_parse(SC_GUID_SECRET, gsecret);
	sc_guid_parse(SC_GUID_META, gmeta);

	if (len < 32 + 18) {
		sc_err(SC_EINPUT, "%s: %zu bytes, too small for an OVMF image",
		       name, len);
		return -SC_EINPUT;
	}
	foot = len - 32 - 18;
	if (memcmp(img + foot + 2, gfooter, 16)) {
		sc_err(SC_EINPUT, "%s: no OVMF footer table GUID at offset %#zx",
		       name, foot + 2);
		return -SC_EINPUT;
	}
	tsize = sc_le16(img + foot);
	if (tsize < 18 || tsize - 18 > foot) {
		sc_err(SC_EINPUT, "%s: footer table size %zu is invalid", name,
		       tsize);
		return -SC_EINPUT;
	}
	start = foot - (tsize - 18);
	end = foot;
	while (end - start >= 18) {
		const uint8_t *hdr = img + end - 18;
		size_t esize = sc_le16(hdr);
		const uint8_t *data;
		size_t dlen;

		if (esize < 18 || esize > end - start) {
			sc_err(SC_EINPUT, "%s: footer entry at %#zx has invalid size %zu",
			       name, end - 18, esize);
			return -SC_EINPUT;
		}
		data = img + end - esize;
		dlen = esize - 18;
		if (!memcmp(hdr + 2, greset, 16) && dlen >= 4) {
			o->have_reset = true;
			o->ap_reset = sc_le32(data);
		} else if (!memcmp(hdr + 2, ghashes, 16) && dlen >= 8) {
			o->have_hashes = true;
			o->hashes_base = sc_le32(data);
			o->hashes_size = sc_le32(data + 4);
		} else if (!memcmp(hdr + 2, gsecret, 16) && dlen >= 8) {
			o->have_secret = true;
			o->secret_base = sc_le32(data);
			o->secret_size = sc_le32(data + 4);
		} else if (!memcmp(hdr + 2, gmeta, 16) && dlen >= 4) {
			meta = true;
			meta_off = sc_le32(data);
		}
		end -= esize;
	}
	return meta ? sc_ovmf_meta(name, img, len, meta_off, o) : 0;
}

static int sc_ht_entry(uint8_t *p, const char *guid, const void *data,
		       size_t len)
{
	sc_guid_parse(guid, p);
	sc_put_le16(p + 16, 50);
	return sc_sha256(data, len, p + 18);
}

int sc_hashtable_build(const uint8_t *kernel, size_t klen,
		       const uint8_t *initrd, size_t ilen, const char *cmdline,
		       uint8_t out[SC_HASHTABLE_SIZE])
{
	int ret;

	memset(out, 0, SC_HASHTABLE_SIZE);
	sc_guid_parse(SC_GUID_HT, out);
	sc_put_le16(out + 16, 168);
	/* The command line is hashed with its NUL; none means "". */
	ret = sc_ht_entry(out + 18, SC_GUID_CMDLINE, cmdline ? cmdline : "",
			  (cmdline ? strlen(cmdline) : 0) + 1);
	if (!ret)
		ret = sc_ht_entry(out + 68, SC_GUID_INITRD, initrd ? initrd :
				  (const uint8_t *)"", initrd ? ilen : 0);
	if (!ret)
		ret = sc_ht_entry(out + 118, SC_GUID_KERNEL, kernel, klen);
	return ret;
}
