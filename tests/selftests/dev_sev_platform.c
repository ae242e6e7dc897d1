// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: every /dev/sev platform command, as a privileged user with a
 * read-write descriptor.
 *
 *  - PLATFORM_STATUS, GET_ID, GET_ID2, PEK_CSR, PDH_CERT_EXPORT, PDH_GEN,
 *    PEK_GEN, FACTORY_RESET with their documented results;
 *  - the length-probing protocol of PEK_CSR, PDH_CERT_EXPORT and GET_ID2:
 *    address or length 0 returns the required length and firmware status
 *    INVALID_LEN (errno: see sev_fw_errno()); a short buffer likewise, and
 *    is left untouched;
 *  - blobs are bounded: a 16 KiB buffer is fine, one byte more is refused
 *    before the firmware is called (error 0).
 */
#include <fcntl.h>
#include <unistd.h>

#include "tap.h"
#include "sev_util.h"

#define BLOB_MAX	SEV_LAUNCH_BLOB_MAX
#define ID_LEN		sizeof(struct sev_user_data_get_id)
#define CHAIN_LEN	(CHAIN_CERTS * SEV_LAUNCH_CERT_SIZE)
#define FILL		0xa5

static uint8_t big[BLOB_MAX + 1], big2[BLOB_MAX + 1];
static const uint8_t zero[64];

static int untouched(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++ != FILL)
			return 0;
	return 1;
}

/* Oversize requests: refused by the kernel (-EINVAL or -EFAULT, error 0). */
static int refused(int ret, uint32_t error)
{
	return (ret == -EINVAL || ret == -EFAULT) && error == 0;
}

static void test_status(int fd, struct sev_user_data_status *st)
{
	struct sev_user_data_status again;
	uint32_t error;
	int ret;

	memset(st, 0xff, sizeof(*st));
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, st, &error);
	tap_ok(ret == 0 && error == 0, "PLATFORM_STATUS (ret %d error %#x)",
	       ret, error);
	tap_ok((st->api_major || st->api_minor) && st->state <= 2 &&
	       !(st->flags & ~(1u | SEV_STATUS_FLAGS_CONFIG_ES)) &&
	       (st->state == 2 || st->guest_count == 0),
	       "PLATFORM_STATUS: API %u.%u, build %u, state %u, flags %#x, %u guests",
	       st->api_major, st->api_minor, st->build, st->state, st->flags,
	       st->guest_count);
	ret = sev_status(fd, &again);
	tap_ok(ret == 0 && !memcmp(st, &again, sizeof(again)),
	       "PLATFORM_STATUS is stable");
}

static void test_get_id(int fd)
{
	struct sev_user_data_get_id id, id2;
	struct sev_user_data_get_id2 x;
	uint8_t buf[ID_LEN];
	uint32_t error;
	int ret;

	memset(&id, 0, sizeof(id));
	ret = sev_cmd(fd, SEV_GET_ID, &id, &error);
	tap_ok(ret == 0 && error == 0 &&
	       memcmp(id.socket1, zero, sizeof(id.socket1)),
	       "GET_ID: socket 1 identifier is set (ret %d error %#x)", ret,
	       error);
	memset(&id2, 0, sizeof(id2));
	ret = sev_cmd(fd, SEV_GET_ID, &id2, &error);
	tap_ok(ret == 0 && !memcmp(&id, &id2, sizeof(id)),
	       "GET_ID is stable");

	x = (struct sev_user_data_get_id2){ 0 };
	ret = sev_cmd(fd, SEV_GET_ID2, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) && x.length == ID_LEN,
	       "GET_ID2 probe (address 0): INVALID_LEN, length %u (ret %d error %#x)",
	       x.length, ret, error);
	memset(buf, FILL, sizeof(buf));
	x = (struct sev_user_data_get_id2){ .address = (uintptr_t)buf };
	ret = sev_cmd(fd, SEV_GET_ID2, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) &&
	       x.length == ID_LEN && untouched(buf, sizeof(buf)),
	       "GET_ID2 probe (length 0): INVALID_LEN, length %u, buffer untouched",
	       x.length);
	x = (struct sev_user_data_get_id2){
		.address = (uintptr_t)buf, .length = ID_LEN / 2 };
	ret = sev_cmd(fd, SEV_GET_ID2, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) &&
	       x.length == ID_LEN && untouched(buf, sizeof(buf)),
	       "GET_ID2 short buffer: INVALID_LEN, length %u, buffer untouched (ret %d)",
	       x.length, ret);
	x = (struct sev_user_data_get_id2){
		.address = (uintptr_t)buf, .length = ID_LEN };
	ret = sev_cmd(fd, SEV_GET_ID2, &x, &error);
	tap_ok(ret == 0 && error == 0 && x.length == ID_LEN &&
	       !memcmp(buf, &id, ID_LEN),
	       "GET_ID2 returns the GET_ID identifiers (ret %d error %#x)",
	       ret, error);
	memset(big, FILL, sizeof(big));
	x = (struct sev_user_data_get_id2){
		.address = (uintptr_t)big, .length = BLOB_MAX };
	ret = sev_cmd(fd, SEV_GET_ID2, &x, &error);
	tap_ok(ret == 0 && x.length == ID_LEN && !memcmp(big, &id, ID_LEN),
	       "GET_ID2 with a 16 KiB buffer (ret %d, length %u)", ret,
	       x.length);
	x = (struct sev_user_data_get_id2){
		.address = (uintptr_t)big, .length = BLOB_MAX + 1 };
	ret = sev_cmd(fd, SEV_GET_ID2, &x, &error);
	tap_ok(refused(ret, error),
	       "GET_ID2 with 16 KiB + 1 refused by the kernel (ret %d error %#x)",
	       ret, error);
}

static void test_pek_csr(int fd, const struct sev_cert *pek)
{
	struct sev_user_data_pek_csr x;
	struct sev_cert csr;
	uint32_t error;
	int ret;

	x = (struct sev_user_data_pek_csr){ 0 };
	ret = sev_cmd(fd, SEV_PEK_CSR, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) &&
	       x.length == SEV_LAUNCH_CERT_SIZE,
	       "PEK_CSR probe (address 0): INVALID_LEN, length %u (ret %d error %#x)",
	       x.length, ret, error);
	memset(big, FILL, sizeof(big));
	x = (struct sev_user_data_pek_csr){ .address = (uintptr_t)big };
	ret = sev_cmd(fd, SEV_PEK_CSR, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) &&
	       x.length == SEV_LAUNCH_CERT_SIZE && untouched(big, sizeof(big)),
	       "PEK_CSR probe (length 0): INVALID_LEN, length %u, buffer untouched",
	       x.length);
	x = (struct sev_user_data_pek_csr){
		.address = (uintptr_t)big, .length = 100 };
	ret = sev_cmd(fd, SEV_PEK_CSR, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) &&
	       x.length == SEV_LAUNCH_CERT_SIZE && untouched(big, sizeof(big)),
	       "PEK_CSR short buffer: INVALID_LEN, length %u, buffer untouched (ret %d)",
	       x.length, ret);
	ret = sev_pek_csr(fd, &csr, &error);
	tap_ok(ret == 0 && error == 0 && !memcmp(&csr, pek, CERT_SIGNED_LEN) &&
	       csr.sig[0].usage == USAGE_NONE && csr.sig[1].usage == USAGE_NONE,
	       "PEK_CSR: the exported PEK, signature slots empty (ret %d error %#x)",
	       ret, error);
	x = (struct sev_user_data_pek_csr){
		.address = (uintptr_t)big, .length = BLOB_MAX };
	ret = sev_cmd(fd, SEV_PEK_CSR, &x, &error);
	tap_ok(ret == 0 && x.length == SEV_LAUNCH_CERT_SIZE &&
	       !memcmp(big, &csr, sizeof(csr)) &&
	       untouched(big + sizeof(csr), BLOB_MAX - sizeof(csr)),
	       "PEK_CSR with a 16 KiB buffer: length %u, nothing written past it (ret %d)",
	       x.length, ret);
	x = (struct sev_user_data_pek_csr){
		.address = (uintptr_t)big, .length = BLOB_MAX + 1 };
	ret = sev_cmd(fd, SEV_PEK_CSR, &x, &error);
	tap_ok(refused(ret, error),
	       "PEK_CSR with 16 KiB + 1 refused by the kernel (ret %d error %#x)",
	       ret, error);
}

static int export(int fd, void *pdh, uint32_t pdh_len, void *chain,
		  uint32_t chain_len, struct sev_user_data_pdh_cert_export *x,
		  uint32_t *error)
{
	*x = (struct sev_user_data_pdh_cert_export){
		.pdh_cert_address = (uintptr_t)pdh,
		.pdh_cert_len = pdh_len,
		.cert_chain_address = (uintptr_t)chain,
		.cert_chain_len = chain_len,
	};
	return sev_cmd(fd, SEV_PDH_CERT_EXPORT, x, error);
}

static int lengths_ok(const struct sev_user_data_pdh_cert_export *x)
{
	return x->pdh_cert_len == SEV_LAUNCH_CERT_SIZE &&
	       x->cert_chain_len == CHAIN_LEN;
}

static void test_export(int fd, struct sev_pdh_export *e)
{
	struct sev_user_data_pdh_cert_export x;
	uint32_t error;
	int ret;

	ret = export(fd, NULL, 0, NULL, 0, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) && lengths_ok(&x),
	       "PDH_CERT_EXPORT probe (addresses 0): INVALID_LEN, lengths %u and %u (ret %d error %#x)",
	       x.pdh_cert_len, x.cert_chain_len, ret, error);
	memset(big, FILL, sizeof(big));
	ret = export(fd, big, SEV_LAUNCH_CERT_SIZE, NULL, 0, &x, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) && lengths_ok(&x) &&
	       untouched(big, sizeof(big)),
	       "PDH_CERT_EXPORT probe (chain address 0): lengths %u and %u, PDH buffer untouched",
	       x.pdh_cert_len, x.cert_chain_len);
	memset(big2, FILL, sizeof(big2));
	ret = export(fd, big, SEV_LAUNCH_CERT_SIZE, big2, CHAIN_LEN - 1, &x,
		     &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) && lengths_ok(&x) &&
	       untouched(big, sizeof(big)) && untouched(big2, sizeof(big2)),
	       "PDH_CERT_EXPORT short chain buffer: INVALID_LEN, both lengths, buffers untouched (ret %d)",
	       ret);
	ret = export(fd, big, SEV_LAUNCH_CERT_SIZE - 1, big2, CHAIN_LEN, &x,
		     &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_LEN) && lengths_ok(&x) &&
	       untouched(big, sizeof(big)) && untouched(big2, sizeof(big2)),
	       "PDH_CERT_EXPORT short PDH buffer: INVALID_LEN, both lengths, buffers untouched (ret %d)",
	       ret);
	ret = sev_export(fd, e);
	tap_ok(ret == 0 && e->error == 0,
	       "PDH_CERT_EXPORT: PDH %u bytes, chain %u bytes (ret %d error %#x)",
	       e->pdh_len, e->chain_len, ret, e->error);
	ret = export(fd, big, BLOB_MAX, big2, BLOB_MAX, &x, &error);
	tap_ok(ret == 0 && error == 0 && lengths_ok(&x) &&
	       !memcmp(big, &e->pdh, sizeof(e->pdh)) &&
	       !memcmp(big2, e->chain, sizeof(e->chain)) &&
	       untouched(big + sizeof(e->pdh), BLOB_MAX - sizeof(e->pdh)) &&
	       untouched(big2 + CHAIN_LEN, BLOB_MAX - CHAIN_LEN),
	       "PDH_CERT_EXPORT with 16 KiB buffers: same certificates, exact lengths back (ret %d)",
	       ret);
	ret = export(fd, big, BLOB_MAX + 1, big2, CHAIN_LEN, &x, &error);
	tap_ok(refused(ret, error),
	       "PDH_CERT_EXPORT with a 16 KiB + 1 PDH length refused (ret %d error %#x)",
	       ret, error);
	ret = export(fd, big, SEV_LAUNCH_CERT_SIZE, big2, BLOB_MAX + 1, &x,
		     &error);
	tap_ok(refused(ret, error),
	       "PDH_CERT_EXPORT with a 16 KiB + 1 chain length refused (ret %d error %#x)",
	       ret, error);
}

int main(void)
{
	struct sev_user_data_status st, st2;
	struct sev_pdh_export e, e2;
	uint32_t error;
	int fd, ret;

	tap_plan(35);

	fd = sev_open(O_RDWR);
	tap_ok(fd >= 0, "open %s read-write", SEV_DEV_PATH);
	if (fd < 0)
		tap_bail(SEV_DEV_PATH);

	test_status(fd, &st);
	test_get_id(fd);
	test_export(fd, &e);
	test_pek_csr(fd, &e.chain[0]);
	ret = sev_status(fd, &st2);
	tap_ok(ret == 0 && st2.state == st.state,
	       "probes and exports left the platform state as it was (%u)",
	       st2.state);

	ret = sev_cmd(fd, SEV_PDH_GEN, NULL, &error);
	tap_ok(ret == 0 && error == 0, "PDH_GEN (ret %d error %#x)", ret,
	       error);
	ret = sev_export(fd, &e2);
	tap_ok(ret == 0 && !cert_same_key(&e2.pdh, &e.pdh) &&
	       !memcmp(e2.chain, e.chain, sizeof(e.chain)) &&
	       cert_verify(&e2.pdh, &e2.chain[0]) == 0,
	       "PDH_GEN: new PDH signed by the same PEK");
	e = e2;

	ret = sev_cmd(fd, SEV_PEK_GEN, NULL, &error);
	tap_ok(ret == 0 && error == 0, "PEK_GEN (ret %d error %#x)", ret,
	       error);
	ret = sev_export(fd, &e2);
	tap_ok(ret == 0 && !cert_same_key(&e2.chain[0], &e.chain[0]) &&
	       !cert_same_key(&e2.pdh, &e.pdh) &&
	       cert_same_key(&e2.chain[2], &e.chain[2]) &&
	       cert_verify(&e2.pdh, &e2.chain[0]) == 0 &&
	       cert_verify(&e2.chain[0], &e2.chain[1]) == 0 &&
	       cert_verify(&e2.chain[0], &e2.chain[2]) == 0 &&
	       cert_verify(&e2.chain[1], &e2.chain[1]) == 0,
	       "PEK_GEN: new PEK and PDH, self-owned (OCA self-signed), same CEK");
	ret = sev_status(fd, &st2);
	tap_ok(ret == 0 && st2.state == st.state && !(st2.flags & 1),
	       "PDH_GEN/PEK_GEN left the platform state as it was (%u), self-owned (flags %#x)",
	       st2.state, st2.flags);
	e = e2;

	ret = sev_cmd(fd, SEV_FACTORY_RESET, NULL, &error);
	tap_ok(ret == 0 && error == 0, "FACTORY_RESET (ret %d error %#x)", ret,
	       error);
	ret = sev_export(fd, &e2);
	tap_ok(ret == 0 && !cert_same_key(&e2.chain[0], &e.chain[0]) &&
	       !cert_same_key(&e2.chain[1], &e.chain[1]) &&
	       cert_same_key(&e2.chain[2], &e.chain[2]) &&
	       cert_verify(&e2.pdh, &e2.chain[0]) == 0,
	       "FACTORY_RESET: new OCA, PEK and PDH; the CEK stays");
	ret = sev_status(fd, &st2);
	tap_ok(ret == 0 && !(st2.flags & 1) && st2.guest_count == 0 &&
	       st2.api_major == st.api_major && st2.api_minor == st.api_minor,
	       "PLATFORM_STATUS after reset: state %u, flags %#x", st2.state,
	       st2.flags);

	close(fd);
	return tap_exit();
}
