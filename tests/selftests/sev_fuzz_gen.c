// SPDX-License-Identifier: GPL-2.0
/*
 * sev_fuzz value generators: addresses, lengths and parameter blocks, valid
 * or hostile, and the counted ioctl wrappers the operations issue every
 * KVM_MEMORY_ENCRYPT_OP and /dev/sev command through.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include <linux/sev-launch.h>

#include "sev_fuzz.h"

#define PARAMS_OFF	0xf000	/* parameter structs live here in scratch */

const char *const fz_class_name[FZ_NCLASSES] = {
	"vm", "vcpu", "launch", "region", "devsev", "life", "mem",
	"race-destroy", "race-unmap", "race-close", "race-dup2", "platform",
};

const char *const fz_key_name[FZ_NKEYS] = {
	"INIT", "ES_INIT", "LAUNCH_START", "LAUNCH_UPDATE_DATA",
	"LAUNCH_UPDATE_VMSA", "LAUNCH_SECRET", "LAUNCH_MEASURE",
	"LAUNCH_FINISH", "SEND_START", "SEND_UPDATE_DATA", "SEND_UPDATE_VMSA",
	"SEND_FINISH", "RECEIVE_START", "RECEIVE_UPDATE_DATA",
	"RECEIVE_UPDATE_VMSA", "RECEIVE_FINISH", "GUEST_STATUS",
	"DBG_DECRYPT", "DBG_ENCRYPT", "CERT_EXPORT", "GET_ATTESTATION_REPORT",
	"SEND_CANCEL", "INIT2", "LAUNCH_CONFIG", "LAUNCH_GET_LOG",
	"VCPU_GET_VMSA(vm fd)", "GET_CAPS", "vm: other id",
	"vcpu: LAUNCH_UPDATE_VMSA", "vcpu: VCPU_GET_VMSA", "vcpu: other id",
	"sev: FACTORY_RESET", "sev: PLATFORM_STATUS", "sev: PEK_GEN",
	"sev: PEK_CSR", "sev: PDH_GEN", "sev: PDH_CERT_EXPORT",
	"sev: PEK_CERT_IMPORT", "sev: GET_ID", "sev: GET_ID2",
	"sev: SNP_PLATFORM_STATUS", "sev: SNP_COMMIT", "sev: SNP_SET_CONFIG",
	"sev: SNP_VLEK_LOAD", "sev: other cmd", "sev: other ioctl",
	"REG_REGION", "UNREG_REGION", "ENCRYPT_OP on a non-VM fd",
};

/* splitmix64: small, good enough, and independent per thread. */
uint64_t fz_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t fz_seed_of(uint64_t seed, unsigned int proc, unsigned int thr)
{
	uint64_t s = seed ^ ((uint64_t)proc << 40) ^ ((uint64_t)thr << 20);

	return fz_rand(&s);
}

/* Issue and count one ioctl. */
int fz_io(struct fz_thr *t, int key, int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);
	int e = ret < 0 ? errno : 0;

	if (e < 0 || e >= FZ_NERR)
		e = FZ_NERR - 1;
	__atomic_fetch_add(&t->st->n[key][e], 1, __ATOMIC_RELAXED);
	return ret < 0 ? -e : ret;
}

/* ---- hostile values ------------------------------------------------- */

/* An address: mostly valid user memory, else every kind of bad. */
uint64_t fz_addr(struct fz_thr *t)
{
	switch (rnd(t, 12)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)t->none + rnd(t, 4096);
	case 2:
		return one_in(t, 2) ? 0xffffffff81000000ULL :
		       0xffff888000001000ULL + rnd(t, 1 << 20);
	case 3:
		return 0x0000800000000000ULL - rnd(t, 2) * 0x800;
	case 4:
		return fz_rand(&t->rng);
	case 5:
		return (uintptr_t)t->scratch + 1 + rnd(t, 4095);
	default:
		return (uintptr_t)t->scratch + (rnd(t, 16) << 12);
	}
}

/* Offsets and lengths that make launch updates overlap. */
const uint64_t fz_fixed_off[5] = { 0, 0x1000, 0x1800, 0x3ff0, FZ_SLOT - 0x800 };
const uint32_t fz_fixed_len[4] = { 0x10, 0x800, 0x1000, 0x2000 };

/* An address in (or just around) a VM's guest memory. */
uint64_t fz_gaddr(struct fz_thr *t, struct fz_vm *vm)
{
	uint64_t base = (uintptr_t)__atomic_load_n(&vm->mem, __ATOMIC_RELAXED);

	if (!base || one_in(t, 8))
		return fz_addr(t);
	switch (rnd(t, 8)) {
	case 0:		/* across the boundary of the two memslots */
		return base + FZ_SLOT - 16 * (1 + rnd(t, 256));
	case 1:		/* running off the end of the second one */
		return base + 2 * FZ_SLOT - 16 * (1 + rnd(t, 64));
	case 2:		/* unaligned */
		return base + rnd(t, 2 * FZ_SLOT);
	case 3:		/* a few fixed ranges, so that updates overlap */
		return base + fz_fixed_off[rnd(t, 4)];
	default:
		return base + (rnd(t, 2 * FZ_SLOT) & ~0xfULL);
	}
}

uint32_t fz_len(struct fz_thr *t, uint32_t good)
{
	static const uint32_t odd[] = {
		0, 1, 15, 16, 47, 48, 52, 128, 2083, 2084, 4095, 4096, 4097,
		16384, 16385, FZ_SLOT, 2 * FZ_SLOT, 0x7fffffff, 0x80000000,
		0xfffff000, 0xfffffff0, 0xffffffff,
	};

	switch (rnd(t, 6)) {
	case 0:
		return odd[rnd(t, ARRAY_SIZE(odd))];
	case 1:
		return (uint32_t)fz_rand(&t->rng);
	case 2:
		return 16 * (1 + rnd(t, 1024));
	default:
		return good;
	}
}

/*
 * Padding fields: older system headers leave them unnamed, so write them
 * by offset.
 */
static void poke32(void *base, size_t off, uint32_t v)
{
	memcpy((uint8_t *)base + off, &v, sizeof(v));
}

void fz_fill(struct fz_thr *t, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)fz_rand(&t->rng);
}

/* Reserved fields: almost always zero. */
uint32_t fz_rsvd(struct fz_thr *t)
{
	return one_in(t, 12) ? (uint32_t)fz_rand(&t->rng) | 1 : 0;
}

struct fz_vm *fz_pick_vm(struct fz_thr *t)
{
	return &t->p->vm[rnd(t, FZ_VMS)];
}

static int fz_sev_fd(struct fz_thr *t, struct fz_vm *vm)
{
	switch (rnd(t, 16)) {
	case 0:
		return -1;
	case 1:
		return ld(&vm->fd);
	case 2:
		return ld(&t->p->sev[rnd(t, FZ_SEVS)]);
	case 3:
		return (int)rnd(t, 1024);
	default:
		return ld(&vm->sev_fd);
	}
}

/* ---- KVM_MEMORY_ENCRYPT_OP ------------------------------------------ */

static int fz_vm_key(uint32_t id)
{
	if (id <= KVM_SEV_INIT2)
		return FZ_K_VM + id;
	if (id >= KVM_SEV_LAUNCH_CONFIG && id <= KVM_SEV_GET_CAPS)
		return FZ_K_VM_SEVL + id - KVM_SEV_LAUNCH_CONFIG;
	return FZ_K_VM_OTHER;
}

int fz_enc(struct fz_thr *t, int key, int fd, uint32_t id, void *data,
	   int sev_fd)
{
	struct kvm_sev_cmd cmd = {
		.id = id, .data = (uintptr_t)data, .error = 0xa5a5a5a5,
		.sev_fd = (uint32_t)sev_fd,
	};

	if (one_in(t, 24))
		poke32(&cmd, 4, (uint32_t)fz_rand(&t->rng));	/* pad0 */
	if (one_in(t, 40))
		return fz_io(t, key, fd, KVM_MEMORY_ENCRYPT_OP,
			     (void *)(uintptr_t)fz_addr(t));
	return fz_io(t, key, fd, KVM_MEMORY_ENCRYPT_OP, &cmd);
}

int fz_vm_cmd(struct fz_thr *t, struct fz_vm *vm, uint32_t id, void *data)
{
	return fz_enc(t, fz_vm_key(id), ld(&vm->fd), id, data,
		      fz_sev_fd(t, vm));
}

/* Fill the parameter block of @id with plausible but perturbed values. */
void *fz_params(struct fz_thr *t, struct fz_vm *vm, uint32_t id)
{
	uint8_t *p = t->scratch + PARAMS_OFF;

	memset(p, 0, 256);
	switch (id) {
	case KVM_SEV_INIT2: {
		struct kvm_sev_init *s = (void *)p;

		s->vmsa_features = one_in(t, 3) ? fz_rand(&t->rng) & 0xff : 0;
		s->flags = fz_rsvd(t);
		s->ghcb_version = rnd(t, 4);
		s->pad2[rnd(t, 8)] = fz_rsvd(t);
		break;
	}
	case KVM_SEV_LAUNCH_START: {
		struct kvm_sev_launch_start *s = (void *)p;

		s->handle = one_in(t, 8) ? (uint32_t)rnd(t, 70) : 0;
		s->policy = vm->es ? SEV_POLICY_ES : 0;
		if (one_in(t, 4))
			s->policy = (uint32_t)fz_rand(&t->rng);
		if (one_in(t, 4)) {
			s->dh_uaddr = fz_addr(t);
			s->dh_len = fz_len(t, SEV_LAUNCH_CERT_SIZE);
			s->session_uaddr = fz_addr(t);
			s->session_len = fz_len(t, SEV_LAUNCH_SESSION_SIZE);
		}
		poke32(s, 20, fz_rsvd(t));	/* pad0 */
		break;
	}
	case KVM_SEV_LAUNCH_UPDATE_DATA: {
		struct kvm_sev_launch_update_data *s = (void *)p;

		s->uaddr = fz_gaddr(t, vm);
		s->len = fz_len(t, 16 * (1 + rnd(t, 512)));
		poke32(s, 12, fz_rsvd(t));	/* pad0 */
		break;
	}
	case KVM_SEV_LAUNCH_SECRET: {
		struct kvm_sev_launch_secret *s = (void *)p;

		s->hdr_uaddr = fz_addr(t);
		s->hdr_len = fz_len(t, SEV_LAUNCH_SECRET_HDR_SIZE);
		s->guest_uaddr = fz_gaddr(t, vm);
		s->guest_len = fz_len(t, 16 * (1 + rnd(t, 64)));
		s->trans_uaddr = fz_addr(t);
		s->trans_len = one_in(t, 2) ? s->guest_len : fz_len(t, 64);
		break;
	}
	case KVM_SEV_LAUNCH_MEASURE:
	case KVM_SEV_LAUNCH_GET_LOG:
	case KVM_SEV_VCPU_GET_VMSA: {
		struct kvm_sev_launch_measure *s = (void *)p;

		s->uaddr = one_in(t, 4) ? 0 : fz_addr(t);
		s->len = fz_len(t, id == KVM_SEV_LAUNCH_MEASURE ?
				SEV_LAUNCH_MEASURE_SIZE : rnd(t, 8));
		break;
	}
	case KVM_SEV_DBG_DECRYPT:
	case KVM_SEV_DBG_ENCRYPT: {
		struct kvm_sev_dbg *s = (void *)p;

		s->src_uaddr = id == KVM_SEV_DBG_DECRYPT ? fz_gaddr(t, vm) :
			       fz_addr(t);
		s->dst_uaddr = id == KVM_SEV_DBG_DECRYPT ? fz_addr(t) :
			       fz_gaddr(t, vm);
		s->len = fz_len(t, 16 * (1 + rnd(t, 256)));
		break;
	}
	case KVM_SEV_LAUNCH_CONFIG: {
		struct kvm_sev_launch_config *s = (void *)p;

		s->flags = rnd(t, 4);
		s->vmsa_fpu = rnd(t, 4);
		s->reserved[rnd(t, 3)] = fz_rsvd(t);
		break;
	}
	default:	/* GUEST_STATUS, GET_CAPS, migration, unknown */
		if (one_in(t, 2))
			fz_fill(t, p, 256);
		break;
	}
	return one_in(t, 8) ? (void *)(uintptr_t)fz_addr(t) : p;
}

uint32_t fz_vm_id(struct fz_thr *t)
{
	if (one_in(t, 16))
		return (uint32_t)fz_rand(&t->rng) >> rnd(t, 32);
	if (one_in(t, 5))
		return KVM_SEV_LAUNCH_CONFIG + rnd(t, 4);
	return rnd(t, KVM_SEV_INIT2 + 1);
}

int fz_vcpu_fd(struct fz_thr *t, struct fz_vm *vm)
{
	return ld(&vm->vcpu[rnd(t, FZ_VCPUS)]);
}

/* LAUNCH_UPDATE_VMSA or VCPU_GET_VMSA on one vCPU fd. */
void fz_vcpu_cmd(struct fz_thr *t, struct fz_vm *vm, int fd, bool sane)
{
	uint8_t *p = t->scratch + PARAMS_OFF;
	struct kvm_sev_vcpu_update_vmsa *u = (void *)p;
	struct kvm_sev_vcpu_vmsa *g = (void *)p;
	uint32_t id;
	int key;

	memset(p, 0, 256);
	switch (rnd(t, sane ? 2 : 6)) {
	case 0:		/* synced from the registers, the VM's features */
		fz_enc(t, FZ_K_VCPU_VMSA, fd, KVM_SEV_LAUNCH_UPDATE_VMSA,
		       NULL, ld(&vm->sev_fd));
		return;
	case 1:
	case 2:
		id = KVM_SEV_LAUNCH_UPDATE_VMSA;
		key = FZ_K_VCPU_VMSA;
		if (one_in(t, 2)) {
			u->flags = KVM_SEV_VMSA_F_PAGE;
			u->vmsa_uaddr = one_in(t, 4) ? fz_addr(t) :
					(uintptr_t)t->scratch;
			u->vmsa_len = fz_len(t, SEV_LAUNCH_VMSA_SIZE);
			if (one_in(t, 2))
				fz_fill(t, t->scratch, 4096);
		} else {
			u->sev_features = one_in(t, 2) ? 0 :
				one_in(t, 2) ? SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP :
				fz_rand(&t->rng);
		}
		u->flags |= one_in(t, 16) ? (uint32_t)fz_rand(&t->rng) : 0;
		u->reserved[rnd(t, 2)] = fz_rsvd(t);
		break;
	case 3:
	case 4:
		id = KVM_SEV_VCPU_GET_VMSA;
		key = FZ_K_VCPU_GET;
		g->uaddr = one_in(t, 4) ? fz_addr(t) : (uintptr_t)t->scratch;
		g->len = fz_len(t, SEV_LAUNCH_VMSA_SIZE);
		break;
	default:
		id = fz_vm_id(t);
		key = FZ_K_VCPU_OTHER;
		fz_fill(t, p, 64);
		break;
	}
	fz_enc(t, key, fd, id, one_in(t, 10) ?
	       (void *)(uintptr_t)fz_addr(t) : p, fz_sev_fd(t, vm));
}

/* ---- /dev/sev --------------------------------------------------------- */

void fz_sev_cmd(struct fz_thr *t, int fd, uint32_t cmd)
{
	uint8_t *p = t->scratch + PARAMS_OFF;
	struct sev_issue_cmd arg = { .cmd = cmd, .data = (uintptr_t)p,
				     .error = 0xa5a5a5a5 };
	int key = cmd < SEV_MAX ? FZ_K_SEV + (int)cmd : FZ_K_SEV_OTHER;
	uint64_t a1 = one_in(t, 3) ? fz_addr(t) : (uintptr_t)t->scratch;
	uint64_t a2 = one_in(t, 3) ? fz_addr(t) :
		      (uintptr_t)t->scratch + 0x1000;

	memset(p, 0, 256);
	switch (cmd) {
	case SEV_PEK_CSR:
	case SEV_GET_ID2: {
		struct sev_user_data_pek_csr *c = (void *)p;

		c->address = one_in(t, 4) ? 0 : a1;
		c->length = fz_len(t, one_in(t, 3) ? 0 :
				   cmd == SEV_PEK_CSR ? 2084 : 64);
		break;
	}
	case SEV_PDH_CERT_EXPORT:
	case SEV_PEK_CERT_IMPORT: {
		struct sev_user_data_pdh_cert_export *x = (void *)p;

		x->pdh_cert_address = one_in(t, 4) ? 0 : a1;
		x->pdh_cert_len = fz_len(t, 2084);
		x->cert_chain_address = one_in(t, 4) ? 0 : a2;
		x->cert_chain_len = fz_len(t, cmd == SEV_PDH_CERT_EXPORT ?
					   3 * 2084 : 2084);
		if (cmd == SEV_PEK_CERT_IMPORT && one_in(t, 2))
			fz_fill(t, t->scratch, 0x2000);
		break;
	}
	case SEV_GET_ID:
		arg.data = a1;
		break;
	case SEV_PLATFORM_STATUS:
	case SEV_FACTORY_RESET:
	case SEV_PEK_GEN:
	case SEV_PDH_GEN:
		if (one_in(t, 4))
			arg.data = fz_addr(t);
		break;
	default:	/* SNP and unknown ids: garbage */
		fz_fill(t, p, 256);
		break;
	}
	if (one_in(t, 10))
		arg.data = fz_addr(t);
	fz_io(t, key, fd, SEV_ISSUE_CMD, one_in(t, 30) ?
	      (void *)(uintptr_t)fz_addr(t) : &arg);
}

