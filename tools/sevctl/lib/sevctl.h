/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libsevctl: the guest owner's side of an SEV / SEV-ES launch.
 *
 * Every function returns 0 or a negative SC_E* code and, on failure, leaves
 * a message naming the offending input in sc_errmsg().  All cryptography is
 * OpenSSL libcrypto's; the formulas are those of the SEV API as written up
 * in Documentation/sevctl.rst.
 */
#ifndef SEVCTL_H
#define SEVCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/types.h>

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Error classes; also the process exit codes of sevctl. */
#define SC_OK		0
#define SC_EUSAGE	1	/* bad command line */
#define SC_EINPUT	2	/* unreadable or malformed input */
#define SC_EVERIFY	3	/* signature, MAC or measurement mismatch */
#define SC_EINTERNAL	4	/* crypto library or output failure */

void sc_err(int code, const char *fmt, ...) __printf(2, 3);
const char *sc_errmsg(void);
void sc_err_clear(void);

/* ---- sizes ------------------------------------------------------------ */
#define SC_CERT_SIZE		2084
#define SC_SESSION_SIZE		128
#define SC_MEASURE_BLOB_SIZE	48
#define SC_SECRET_HDR_SIZE	52
#define SC_VMSA_SIZE		4096
#define SC_HASHTABLE_SIZE	176
#define SC_SECRET_MAX		0x5000
#define SC_P384_BYTES		48

/* ---- util.c ----------------------------------------------------------- */
int sc_read_file(const char *path, uint8_t **buf, size_t *len, size_t max);
/* Exactly @len bytes, raw or base64 (QEMU's files). */
int sc_read_blob(const char *path, uint8_t *buf, size_t len);
int sc_hex_parse(const char *what, const char *hex, uint8_t *out, size_t len);
void sc_hex_str(char *out, const uint8_t *in, size_t len);
int sc_parse_u64(const char *what, const char *s, uint64_t *v);
/* A number in 0..@max; larger ones are refused, never truncated. */
int sc_parse_uint(const char *what, const char *s, uint64_t max, uint64_t *v);
/* The firmware API version, "MAJOR.MINOR" in decimal. */
int sc_parse_api(const char *what, const char *s, uint8_t *major,
		 uint8_t *minor);
char *sc_b64(const uint8_t *in, size_t len);
int sc_unb64(const char *in, size_t inlen, uint8_t *out, size_t *outlen,
	     size_t max);
int sc_guid_parse(const char *s, uint8_t out[16]);
void sc_guid_str(char out[37], const uint8_t guid[16]);
/* 16 bytes in order as 8-4-4-4-12 hex (AMD key ids; not bytes_le). */
void sc_uuid_str(char out[37], const uint8_t id[16]);
void sc_put_le16(uint8_t *p, uint16_t v);
void sc_put_le32(uint8_t *p, uint32_t v);
void sc_put_le64(uint8_t *p, uint64_t v);
uint16_t sc_le16(const uint8_t *p);
uint32_t sc_le32(const uint8_t *p);
uint64_t sc_le64(const uint8_t *p);

/*
 * Output files of one command: created with mode @mode (0600 for keys),
 * all unlinked by sc_out_abort() if the command fails part way.
 */
struct sc_outset {
	char *path[16];
	int n;
};

int sc_out_write(struct sc_outset *o, const char *path, const void *data,
		 size_t len, unsigned int mode);
void sc_out_abort(struct sc_outset *o);
void sc_out_done(struct sc_outset *o);

/* ---- crypto.c: thin wrappers over libcrypto ---------------------------- */
struct sc_iov {
	const void *p;
	size_t len;
};

int sc_random(uint8_t *buf, size_t len);
int sc_sha256(const void *p, size_t len, uint8_t out[32]);
int sc_sha384(const void *p, size_t len, uint8_t out[48]);
int sc_hmac_sha256(const uint8_t *key, size_t klen, const struct sc_iov *v,
		   unsigned int n, uint8_t out[32]);
int sc_aes128_ctr(const uint8_t key[16], const uint8_t iv[16],
		  const uint8_t *in, uint8_t *out, size_t len);
void sc_wipe(void *p, size_t len);

/* Incremental SHA-256 (the launch digest). */
struct sc_sha256 {
	void *ctx;
};

int sc_sha256_init(struct sc_sha256 *h);
int sc_sha256_update(struct sc_sha256 *h, const void *p, size_t len);
int sc_sha256_final(struct sc_sha256 *h, uint8_t out[32]);
void sc_sha256_free(struct sc_sha256 *h);

/* P-384 keys (an opaque EVP_PKEY). */
struct sc_key;

int sc_key_generate(struct sc_key **key);
int sc_key_from_priv_be(struct sc_key **key, const uint8_t d[48]);
/* Fully validated public key from SEV little-endian coordinates. */
int sc_key_from_le(struct sc_key **key, const uint8_t *qx, const uint8_t *qy);
int sc_key_pub_le(const struct sc_key *key, uint8_t qx[48], uint8_t qy[48]);
void sc_key_free(struct sc_key *key);
/* The key's EVP_PKEY, owned by @key. */
EVP_PKEY *sc_key_evp(const struct sc_key *key);
int sc_ecdh(const struct sc_key *priv, const struct sc_key *peer,
	    uint8_t z_be[48]);
int sc_ecdsa_sign(const struct sc_key *key, const uint8_t *dgst, size_t dlen,
		  uint8_t r_le[48], uint8_t s_le[48]);
int sc_ecdsa_verify(const struct sc_key *key, const uint8_t *dgst,
		    size_t dlen, const uint8_t *r_le, const uint8_t *s_le);

/* ---- cert.c: the 2084-byte SEV certificate ------------------------------ */
#define SC_USAGE_ARK		0x0000
#define SC_USAGE_ASK		0x0013
#define SC_USAGE_NONE		0x1000
#define SC_USAGE_OCA		0x1001
#define SC_USAGE_PEK		0x1002
#define SC_USAGE_PDH		0x1003
#define SC_USAGE_CEK		0x1004

#define SC_ALGO_NONE		0x000
#define SC_ALGO_RSA_SHA256	0x001
#define SC_ALGO_ECDSA_SHA256	0x002
#define SC_ALGO_ECDH_SHA256	0x003
#define SC_ALGO_RSA_SHA384	0x101
#define SC_ALGO_ECDSA_SHA384	0x102
#define SC_ALGO_ECDH_SHA384	0x103

/* Field offsets of the SEV certificate. */
#define SC_CERT_OFF_USAGE	0x008
#define SC_CERT_OFF_ALGO	0x00c
#define SC_CERT_OFF_PUBKEY	0x010
#define SC_CERT_OFF_QX		0x014
#define SC_CERT_OFF_QY		0x05c
#define SC_CERT_SIGNED_LEN	0x414
#define SC_CERT_OFF_SIG(i)	(0x414 + (i) * 0x208)
#define SC_CERT_ECC_PARAM	72

const char *sc_usage_name(uint32_t usage);
const char *sc_algo_name(uint32_t algo);
/* Build an unsigned certificate for @key (both signature slots empty). */
int sc_cert_init(uint8_t cert[SC_CERT_SIZE], uint32_t usage, uint32_t algo,
		 const struct sc_key *key, uint8_t api_major, uint8_t api_minor);
int sc_cert_sign(uint8_t cert[SC_CERT_SIZE], unsigned int slot,
		 uint32_t signer_usage, uint32_t signer_algo,
		 const struct sc_key *signer);
/* Check version, usage, algorithm, curve and point; return the key. */
int sc_cert_key(const char *name, const uint8_t cert[SC_CERT_SIZE],
		uint32_t usage, struct sc_key **key);
/* Verify @cert's slot signed by a key of @signer_usage with @signer. */
int sc_cert_verify(const char *name, const uint8_t cert[SC_CERT_SIZE],
		   const char *signer_name, uint32_t signer_usage,
		   const struct sc_key *signer);
void sc_cert_print(const char *name, const uint8_t cert[SC_CERT_SIZE]);

/*
 * A trust root for the CEK: the emulator's SEV-format ASK (default) or
 * AMD's RSA ASK in AMD's certificate format (--ark/--ask).
 */
struct sc_roots {
	bool amd;		/* AMD format, RSA */
	void *ask_rsa;		/* EVP_PKEY */
	struct sc_key *ask_ecc;
	uint8_t ask_id[16];	/* AMD: key id of the ASK */
};

/* AMD format: the size of the certificate at @b, 0 if it is none. */
size_t sc_amd_cert_size(const uint8_t *b, size_t len);
void sc_amd_cert_print(const char *name, const uint8_t *b, size_t len);

int sc_roots_emulator(struct sc_roots *r);
int sc_roots_load(struct sc_roots *r, const char *ark_path,
		  const char *ask_path);
void sc_roots_free(struct sc_roots *r);

/* Verify PDH <- PEK <- (OCA self-signed, CEK <- ASK <- ARK). */
struct sc_chain {
	uint8_t pdh[SC_CERT_SIZE];
	uint8_t pek[SC_CERT_SIZE];
	uint8_t oca[SC_CERT_SIZE];
	uint8_t cek[SC_CERT_SIZE];
};

int sc_chain_verify(const struct sc_chain *c, const struct sc_roots *r,
		    bool verbose);

/* ---- emu.c: the software firmware's fixed test CA ----------------------- */
int sc_emu_ark_key(struct sc_key **key);
int sc_emu_ask_key(struct sc_key **key);
int sc_emu_ark_cert(uint8_t cert[SC_CERT_SIZE]);
int sc_emu_ask_cert(uint8_t cert[SC_CERT_SIZE]);
/* ECDSA with the firmware's derived nonce (fixed test certificates). */
int sc_ecdsa_sign_fixed(const uint8_t d_be[48], const uint8_t *dgst,
			size_t dlen, uint8_t r_le[48], uint8_t s_le[48]);

/* ---- session.c --------------------------------------------------------- */
int sc_kdf(const uint8_t *key, size_t klen, const char *label,
	   const uint8_t *ctx, size_t ctxlen, uint8_t out[16]);

/* Inputs and outputs of one LAUNCH_START session. */
struct sc_session {
	uint32_t policy;
	uint8_t nonce[16];
	uint8_t wrap_iv[16];
	uint8_t tek[16];
	uint8_t tik[16];
	uint8_t blob[SC_SESSION_SIZE];	/* out */
	uint8_t godh[SC_CERT_SIZE];	/* out */
};

/*
 * Build the session from the owner key @godh (generated if NULL) and the
 * platform's PDH certificate.  With @fixed the nonce, wrap IV, TEK and TIK
 * already in @s are used (test vectors); otherwise they are drawn randomly.
 */
int sc_session_build(struct sc_session *s, const uint8_t pdh[SC_CERT_SIZE],
		     const struct sc_key *godh, bool fixed);
/* Wrap step from Z alone (known-answer tests). */
int sc_session_wrap(struct sc_session *s, const uint8_t *z, size_t zlen);

/* ---- vmsa.c ------------------------------------------------------------ */
enum sc_fpu { SC_FPU_ES_INIT, SC_FPU_INIT2 };
enum sc_vmm { SC_VMM_QEMU, SC_VMM_EC2, SC_VMM_GCE };

struct sc_vmsa_desc {
	uint64_t reset_eip;	/* 0xfffffff0 for the BSP */
	bool bsp;		/* EC2 uses a different CS for the BSP */
	uint32_t vcpu_sig;	/* CPUID(1).EAX, goes to RDX */
	uint64_t sev_features;
	enum sc_fpu fpu;
	bool fpu_given;		/* @fpu was set explicitly */
	enum sc_vmm vmm;
};

void sc_vmsa_desc_default(struct sc_vmsa_desc *d);
int sc_vmsa_desc_parse(const char *path, struct sc_vmsa_desc *d);
int sc_vmsa_desc_set(struct sc_vmsa_desc *d, const char *key,
		     const char *val, const char *where);
int sc_vmsa_build(const struct sc_vmsa_desc *d, uint8_t page[SC_VMSA_SIZE]);
void sc_vmsa_print(const uint8_t page[SC_VMSA_SIZE]);
int sc_cpu_sig(const char *type, uint32_t *sig);
uint32_t sc_cpu_sig_fms(unsigned int family, unsigned int model,
			unsigned int stepping);

/* ---- ovmf.c ------------------------------------------------------------ */
/* SEV metadata section types (edk2 OvmfSevMetadata.asm). */
#define SC_OVMF_SNP_SEC_MEM		1
#define SC_OVMF_SNP_SECRETS		2
#define SC_OVMF_CPUID			3
#define SC_OVMF_SVSM_CAA		4
#define SC_OVMF_SNP_KERNEL_HASHES	0x10
#define SC_OVMF_MAX_SECTIONS		64

struct sc_ovmf_section {
	uint32_t gpa, size, type;
};

struct sc_ovmf {
	bool have_reset;
	uint32_t ap_reset;	/* SEV-ES AP reset address */
	bool have_hashes;
	uint32_t hashes_base, hashes_size;
	bool have_secret;
	uint32_t secret_base, secret_size;
	bool have_meta;		/* SEV metadata (SNP sections) */
	unsigned int nsec;
	struct sc_ovmf_section sec[SC_OVMF_MAX_SECTIONS];
};

int sc_ovmf_parse(const char *name, const uint8_t *img, size_t len,
		  struct sc_ovmf *o);
/* The 176-byte kernel-hashes table QEMU builds; NULL cmdline = no -append. */
int sc_hashtable_build(const uint8_t *kernel, size_t klen,
		       const uint8_t *initrd, size_t ilen, const char *cmdline,
		       uint8_t out[SC_HASHTABLE_SIZE]);

/* ---- measure.c --------------------------------------------------------- */
enum sc_item_kind { SC_ITEM_DATA = 1, SC_ITEM_VMSA = 2 };

struct sc_item {
	enum sc_item_kind kind;
	uint64_t gpa;		/* data */
	uint32_t vcpu;		/* VMSA */
	uint8_t *buf;
	size_t len;
	char *origin;		/* where it came from, for messages */
};

#define SC_GIVEN_API	0x1
#define SC_GIVEN_BUILD	0x2
#define SC_GIVEN_POLICY	0x4

struct sc_launch {
	uint8_t api_major, api_minor, build;
	uint32_t policy;
	unsigned int given;	/* SC_GIVEN_*: set by the description/options */
	struct sc_item *items;	/* in call order */
	size_t n;
};

void sc_launch_init(struct sc_launch *l);
void sc_launch_free(struct sc_launch *l);
int sc_launch_add(struct sc_launch *l, enum sc_item_kind kind, uint64_t gpa,
		  uint32_t vcpu, const uint8_t *buf, size_t len,
		  const char *origin);
int sc_launch_parse(const char *path, struct sc_launch *l);
/*
 * Item order: call order, or canonical (data by GPA, then VMSA by vCPU;
 * overlapping data ranges are refused there, as the kernel refuses them).
 */
int sc_launch_order(const struct sc_launch *l, bool canonical, size_t *idx);
int sc_launch_digest(const struct sc_launch *l, bool canonical,
		     uint8_t ld[32]);
/* API 0.17 on: MEASURE covers 0x04 || API_MAJOR || API_MINOR || BUILD. */
bool sc_api_measures_version(uint8_t api_major, uint8_t api_minor);
int sc_measure(const uint8_t tik[16], uint8_t api_major, uint8_t api_minor,
	       uint8_t build, uint32_t policy, const uint8_t ld[32],
	       const uint8_t mnonce[16], uint8_t out[32]);
/* Check a 48-byte LAUNCH_MEASURE blob; SC_EVERIFY on mismatch. */
int sc_measure_verify(const uint8_t tik[16], const struct sc_launch *l,
		      const uint8_t ld[32], const uint8_t blob[48]);

/* ---- snp_measure.c: the SEV-SNP launch digest -------------------------- */
#define SC_SNP_PAGE_NORMAL	1
#define SC_SNP_PAGE_VMSA	2
#define SC_SNP_PAGE_ZERO	3
#define SC_SNP_PAGE_UNMEASURED	4
#define SC_SNP_PAGE_SECRETS	5
#define SC_SNP_PAGE_CPUID	6
#define SC_SNP_VMSA_GPA		0xfffffffff000ULL

/* One PAGE_INFO record: one 4 KiB page of one launch update. */
struct sc_snp_rec {
	uint8_t type;		/* SC_SNP_PAGE_* */
	uint64_t gpa;		/* SC_SNP_VMSA_GPA for a VMSA */
	uint32_t vcpu;		/* VMSA only */
	uint8_t contents[48];	/* SHA-384 of NORMAL and VMSA pages, else 0 */
	const char *origin;	/* a static string, for messages */
};

struct sc_snp_launch {
	struct sc_snp_rec *recs;	/* in call order */
	size_t n, cap;
};

void sc_snp_init(struct sc_snp_launch *l);
void sc_snp_free(struct sc_snp_launch *l);
const char *sc_snp_type_name(unsigned int type);
/* @page (4096 bytes) is read for NORMAL and VMSA pages only. */
int sc_snp_add(struct sc_snp_launch *l, unsigned int type, uint64_t gpa,
	       uint32_t vcpu, const uint8_t *page, const char *origin);
/* One record per 4 KiB page of [@gpa, @gpa + @len); @data may be NULL. */
int sc_snp_add_range(struct sc_snp_launch *l, unsigned int type,
		     uint64_t gpa, const uint8_t *data, size_t len,
		     const char *origin);
/* Call order, or canonical: non-VMSA by GPA, then VMSA by vCPU id. */
int sc_snp_order(const struct sc_snp_launch *l, bool canonical, size_t *idx);
/* @out = SHA-384(PAGE_INFO(@ld, @r)); @out may be @ld. */
int sc_snp_page_info(const uint8_t ld[48], const struct sc_snp_rec *r,
		     uint8_t out[48]);
int sc_snp_digest(const struct sc_snp_launch *l, bool canonical,
		  uint8_t ld[48]);

/* What QEMU measures for an SNP guest booted from OVMF. */
struct sc_snp_ovmf_in {
	const uint8_t *img;
	size_t len;
	const struct sc_ovmf *ovmf;
	const uint8_t *hashtable;	/* SC_HASHTABLE_SIZE bytes or NULL */
	unsigned int vcpus;
	struct sc_vmsa_desc vmsa;	/* sev_features, vcpu_sig, vmm */
	enum sc_vmm vmm;
};

int sc_snp_from_ovmf(struct sc_snp_launch *l, const struct sc_snp_ovmf_in *in);

/* ---- snp_report.c: the attestation report ------------------------------ */
#define SC_SNP_REPORT_SIZE		0x4a0
#define SC_SNP_REPORT_SIGNED		0x2a0
#define SC_SNP_R_VERSION		0x000
#define SC_SNP_R_GUEST_SVN		0x004
#define SC_SNP_R_POLICY			0x008
#define SC_SNP_R_FAMILY_ID		0x010
#define SC_SNP_R_IMAGE_ID		0x020
#define SC_SNP_R_VMPL			0x030
#define SC_SNP_R_SIG_ALGO		0x034
#define SC_SNP_R_CURRENT_TCB		0x038
#define SC_SNP_R_PLATFORM_INFO		0x040
#define SC_SNP_R_FLAGS			0x048
#define SC_SNP_R_REPORT_DATA		0x050
#define SC_SNP_R_MEASUREMENT		0x090
#define SC_SNP_R_HOST_DATA		0x0c0
#define SC_SNP_R_ID_KEY_DIGEST		0x0e0
#define SC_SNP_R_AUTHOR_KEY_DIGEST	0x110
#define SC_SNP_R_REPORT_ID		0x140
#define SC_SNP_R_REPORT_ID_MA		0x160
#define SC_SNP_R_REPORTED_TCB		0x180
#define SC_SNP_R_CPUID_FAM		0x188	/* version 3 on */
#define SC_SNP_R_CHIP_ID		0x1a0
#define SC_SNP_R_COMMITTED_TCB		0x1e0
#define SC_SNP_R_CURRENT_BUILD		0x1e8
#define SC_SNP_R_LAUNCH_TCB		0x1f0
#define SC_SNP_R_SIGNATURE		0x2a0

struct sc_snp_tcb {
	bool turin;
	int bl, tee, snp, ucode, fmc;
};

/* Size and version (2, 3 or 5). */
int sc_snp_report_check(const char *name, const uint8_t *r, size_t len);
bool sc_snp_report_turin(const uint8_t *r);
void sc_snp_tcb_decode(uint64_t tcb, bool turin, struct sc_snp_tcb *t);
void sc_snp_report_print(const uint8_t *r);
/* The VCEK's ECDSA P-384 signature; SC_EVERIFY if it does not verify. */
int sc_snp_report_verify_sig(const uint8_t *r, void *vcek_pkey);

/* ---- snp_cert.c: ARK -> ASK -> VCEK, emulator test keys ---------------- */
#define SC_SNP_EMU_ARK		0
#define SC_SNP_EMU_ASK		1
#define SC_SNP_EMU_VCEK		2

/* The emulator's private scalar (big-endian); @chip_id/@tcb: VCEK only. */
int sc_snp_emu_scalar(unsigned int which, const uint8_t chip_id[64],
		      uint64_t tcb, uint8_t d[48]);
int sc_snp_emu_key(unsigned int which, const uint8_t chip_id[64],
		   uint64_t tcb, struct sc_key **key);
/* A DER or PEM X.509 certificate. */
int sc_x509_load(const char *path, X509 **out);
/* @cert's signature verifies with @ikey (and its issuer is @issuer's
 * subject, if @issuer is given); SC_EVERIFY naming @name otherwise.
 */
int sc_x509_signed_by(const char *name, X509 *cert, const char *iname,
		      X509 *issuer, EVP_PKEY *ikey);

/* AMD's VCEK extensions; -1 for an absent SPL, hwid_len 0 for no hwID. */
struct sc_vcek_ext {
	int bl, tee, snp, ucode, fmc;
	uint8_t hwid[64];
	size_t hwid_len;
	char product[32];
};

int sc_vcek_ext(X509 *x, struct sc_vcek_ext *e);
int sc_vcek_tcb_match(const struct sc_vcek_ext *e, uint64_t tcb, bool turin);

/* ---- snp_idblock.c: ID block and ID authentication ---------------------- */
#define SC_IDBLOCK_SIZE		0x60
#define SC_IDAUTH_SIZE		0x1000
#define SC_IDAUTH_ID_ALGO	0x000
#define SC_IDAUTH_AUTHOR_ALGO	0x004
#define SC_IDAUTH_BLOCK_SIG	0x040
#define SC_IDAUTH_ID_KEY	0x240
#define SC_IDAUTH_KEY_SIG	0x680
#define SC_IDAUTH_AUTHOR_KEY	0x880
#define SC_SNP_PUBKEY_SIZE	0x404
#define SC_SNP_SIG_SIZE		0x200

struct sc_idblock_in {
	uint8_t ld[48];
	uint8_t family_id[16], image_id[16];
	uint32_t guest_svn;
	uint64_t policy;
};

/* The spec's 0x404-byte public key of a P-384 @k. */
int sc_snp_pubkey(EVP_PKEY *k, uint8_t out[SC_SNP_PUBKEY_SIZE]);
/* ECDSA P-384 SHA-384 in the spec's 512-byte signature layout. */
int sc_snp_sign(EVP_PKEY *k, const void *data, size_t len,
		uint8_t sig[SC_SNP_SIG_SIZE]);
void sc_idblock_build(const struct sc_idblock_in *in,
		      uint8_t out[SC_IDBLOCK_SIZE]);
/* A PEM private key (any PEM form OpenSSL decodes). */
int sc_pem_key_load(const char *path, EVP_PKEY **k);
/* @author_key may be NULL: then AUTHOR_KEY_ALGO and its fields stay 0. */
int sc_idauth_build(const uint8_t block[SC_IDBLOCK_SIZE], EVP_PKEY *id_key,
		    EVP_PKEY *author_key, uint8_t auth[SC_IDAUTH_SIZE]);

/* ---- log.c ------------------------------------------------------------- */
#define SC_LOG_ENTRY_SIZE	64

struct sc_log_rec {
	uint32_t kind;
	uint32_t vcpu;
	uint64_t gpa;
	uint64_t len;
	uint8_t sha256[32];
};

int sc_log_parse(const char *name, const uint8_t *buf, size_t len,
		 struct sc_log_rec **recs, size_t *n);
void sc_log_print(const struct sc_log_rec *r, size_t n);
/* Expected records of a launch in the given order. */
int sc_log_expected(const struct sc_launch *l, bool canonical,
		    struct sc_log_rec **recs, size_t *n);
/*
 * Compare; returns 0 if equal, else SC_EVERIFY with sc_errmsg() naming the
 * first record that differs and *@idx set to its index.
 */
int sc_log_diff(const struct sc_log_rec *got, size_t ngot,
		const struct sc_log_rec *want, size_t nwant, size_t *idx);

/* ---- secret.c ---------------------------------------------------------- */
/*
 * Package @plain (padded with zeros to @guest_len) for LAUNCH_SECRET.
 * @measure is the 32-byte MEASURE; @iv NULL draws a random IV.
 * Without @with_measure (API < 0.17) the MAC omits MEASURE.
 */
int sc_secret_build(const uint8_t tek[16], const uint8_t tik[16],
		    const uint8_t measure[32], bool with_measure,
		    const uint8_t *iv, uint32_t flags, const uint8_t *plain,
		    size_t plen, size_t guest_len,
		    uint8_t hdr[SC_SECRET_HDR_SIZE], uint8_t *trans);
/* Verify and decrypt a packet, as the firmware does. */
int sc_secret_open(const uint8_t tek[16], const uint8_t tik[16],
		   const uint8_t measure[32],
		   const uint8_t hdr[SC_SECRET_HDR_SIZE], const uint8_t *trans,
		   size_t len, uint8_t *plain);
/* The GUIDed secret table (sevctl / OVMF / efi_secret convention). */
struct sc_secret_entry {
	uint8_t guid[16];
	const uint8_t *data;
	size_t len;
};

int sc_secret_table(const struct sc_secret_entry *e, size_t n, uint8_t *out,
		    size_t max, size_t *len);

#endif /* SEVCTL_H */
