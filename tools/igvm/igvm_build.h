/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libigvm's writer, for tests: builds IGVM files header by header
 * (igvm_build.c) or from a text description (igvm_desc.c, the igvm-gen
 * tool).  Not hardened against hostile input; the reader is.
 */
#ifndef IGVM_BUILD_H
#define IGVM_BUILD_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct igvmb - an IGVM file being built
 * @version: format version written (1 or 2)
 * @hdr: variable headers so far
 * @hlen: their length
 * @data: file data so far
 * @dlen: its length
 * @patch: offsets in @hdr of u32 file offsets relative to the data section
 * @npatch: how many
 * @bad_crc: write a wrong checksum (tests)
 */
struct igvmb {
	uint32_t version;
	uint8_t *hdr;
	size_t hlen;
	uint8_t *data;
	size_t dlen;
	size_t *patch;
	size_t npatch;
	int bad_crc;
};

void igvmb_init(struct igvmb *b, uint32_t version);
void igvmb_free(struct igvmb *b);
/* Any header, content as given (padded to 8 bytes with zeros). */
int igvmb_raw(struct igvmb *b, uint32_t type, const void *p, uint32_t len);
int igvmb_platform(struct igvmb *b, uint32_t mask, uint8_t type);
int igvmb_policy(struct igvmb *b, uint64_t policy, uint32_t mask);
/* @data NULL: file offset 0 (a page of zeros). */
int igvmb_page(struct igvmb *b, uint64_t gpa, uint32_t mask, uint32_t flags,
	       const uint8_t *data);
int igvmb_area(struct igvmb *b, uint32_t index, uint64_t size,
	       const uint8_t *init);
int igvmb_param(struct igvmb *b, uint32_t type, uint32_t index,
		uint32_t offset);
int igvmb_insert(struct igvmb *b, uint64_t gpa, uint32_t mask,
		 uint32_t index);
int igvmb_vp(struct igvmb *b, uint64_t gpa, uint32_t mask, uint16_t vp,
	     const uint8_t *vmsa);
int igvmb_reqmem(struct igvmb *b, uint64_t gpa, uint32_t mask,
		 uint32_t size, uint32_t flags);
/* The whole file, malloc()ed. */
int igvmb_finish(struct igvmb *b, uint8_t **out, size_t *len);

/*
 * A reset-state SEV-ES VMSA (AMD APM vol. 2 save area offsets): CS from
 * @eip as a real-mode reset vector, RIP, EFER.SVME, CR0, DR6/DR7, RFLAGS,
 * PAT, XCR0, RDX and RAX marked with @vp, @sev_features.
 */
void igvmb_vmsa(uint8_t page[4096], uint16_t vp, uint32_t eip,
		uint64_t sev_features);
/* Deterministic bytes from @seed. */
void igvmb_fill(uint8_t *p, size_t len, uint64_t seed);

/*
 * Build a file from a description (see igvm_desc.c); @err gets a message
 * naming the line on failure.
 */
int igvm_desc_build(const char *text, uint8_t **out, size_t *len,
		    char *err, size_t errlen);

#endif /* IGVM_BUILD_H */
