// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the KVM launch selftests and the demo: a minimal VMM
 * for SEV / SEV-ES launches and the guest owner's side built on libsevctl.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kvm_sev_util.h"
#include "swfw_state.h"

/* ---- VM and vCPUs ---------------------------------------------------- */

const char *ksu_fail_step = "";

int ksu_vm_create(struct ksu_vm *vm, enum ksu_init init, uint64_t features)
{
	struct kvm_sev_init init2 = { .vmsa_features = features };
	unsigned long type;
	uint32_t error;
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->fd = -1;
	vm->kvm = -1;
	vm->sev_fd = -1;
	vm->init = init;
	ksu_fail_step = "open /dev/kvm";
	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		return -errno;
	ksu_fail_step = "open /dev/sev";
	vm->sev_fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (vm->sev_fd < 0) {
		ret = -errno;
		goto fail;
	}
	type = init == KSU_INIT2_ES ? KVM_X86_SEV_ES_VM :
	       init == KSU_INIT2_SEV ? KVM_X86_SEV_VM : KVM_X86_DEFAULT_VM;
	ksu_fail_step = "KVM_CREATE_VM";
	vm->fd = ioctl(vm->kvm, KVM_CREATE_VM, type);
	if (vm->fd < 0) {
		ret = -errno;
		goto fail;
	}
	ksu_fail_step = init == KSU_LEGACY_ES ? "KVM_SEV_ES_INIT" :
			"KVM_SEV_INIT2";
	if (init == KSU_LEGACY_ES)
		ret = ksu_vm_op(vm, KVM_SEV_ES_INIT, NULL, &error);
	else
		ret = ksu_vm_op(vm, KVM_SEV_INIT2, &init2, &error);
	if (ret)
		goto fail;
	ksu_fail_step = "";
	return 0;
fail:
	ksu_vm_destroy(vm);
	return ret;
}

void ksu_vm_destroy(struct ksu_vm *vm)
{
	int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpu_fd[i] >= 0)
			close(vm->vcpu_fd[i]);
	vm->nr_vcpus = 0;
	if (vm->fd >= 0)
		close(vm->fd);
	for (i = 0; i < vm->nr_slots; i++) {
		munmap(vm->slot[i].hva, vm->slot[i].size);
		close(vm->slot[i].memfd);
		free(vm->slot[i].shadow);
	}
	vm->nr_slots = 0;
	if (vm->sev_fd >= 0)
		close(vm->sev_fd);
	if (vm->kvm >= 0)
		close(vm->kvm);
	vm->fd = -1;
	vm->kvm = -1;
	vm->sev_fd = -1;
}

int ksu_vm_add_slot(struct ksu_vm *vm, uint64_t gpa, uint64_t size)
{
	struct kvm_userspace_memory_region r;
	struct ksu_slot *s;
	int ret;

	if (vm->nr_slots == KSU_MAX_SLOTS)
		return -ENOSPC;
	s = &vm->slot[vm->nr_slots];
	s->memfd = memfd_create("sevl-guest-ram", MFD_CLOEXEC);
	if (s->memfd < 0)
		return -errno;
	if (ftruncate(s->memfd, size)) {
		ret = -errno;
		close(s->memfd);
		return ret;
	}
	s->hva = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      s->memfd, 0);
	if (s->hva == MAP_FAILED) {
		ret = -errno;
		close(s->memfd);
		return ret;
	}
	s->gpa = gpa;
	s->size = size;
	r = (struct kvm_userspace_memory_region) {
		.slot = vm->nr_slots,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)s->hva,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r)) {
		ret = -errno;
		munmap(s->hva, size);
		close(s->memfd);
		return ret;
	}
	vm->nr_slots++;
	return 0;
}

uint8_t *ksu_gpa_hva(struct ksu_vm *vm, uint64_t gpa)
{
	int i;

	for (i = 0; i < vm->nr_slots; i++)
		if (gpa >= vm->slot[i].gpa &&
		    gpa - vm->slot[i].gpa < vm->slot[i].size)
			return vm->slot[i].hva + (gpa - vm->slot[i].gpa);
	return NULL;
}

int ksu_snapshot(struct ksu_vm *vm)
{
	int i;

	for (i = 0; i < vm->nr_slots; i++) {
		struct ksu_slot *s = &vm->slot[i];

		if (!s->shadow)
			s->shadow = malloc(s->size);
		if (!s->shadow)
			return -ENOMEM;
		memcpy(s->shadow, s->hva, s->size);
	}
	return 0;
}

const uint8_t *ksu_shadow(struct ksu_vm *vm, uint64_t gpa, uint64_t len)
{
	int i;

	for (i = 0; i < vm->nr_slots; i++) {
		struct ksu_slot *s = &vm->slot[i];

		if (s->shadow && gpa >= s->gpa && gpa - s->gpa <= s->size &&
		    len <= s->size - (gpa - s->gpa))
			return s->shadow + (gpa - s->gpa);
	}
	return NULL;
}

int ksu_vcpus_create(struct ksu_vm *vm, const uint32_t *ids, int n)
{
	int i;

	if (vm->nr_vcpus + n > KSU_MAX_VCPUS)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		int fd = ioctl(vm->fd, KVM_CREATE_VCPU, (unsigned long)ids[i]);

		if (fd < 0)
			return -errno;
		vm->vcpu_fd[vm->nr_vcpus] = fd;
		vm->vcpu_id[vm->nr_vcpus++] = ids[i];
	}
	return 0;
}

int ksu_vm_simple(struct ksu_vm *vm, enum ksu_init init, uint64_t mem_size)
{
	static const uint32_t ids[] = { 0 };
	int ret;

	ret = ksu_vm_create(vm, init, 0);
	if (!ret)
		ret = ksu_vm_add_slot(vm, 0, mem_size);
	if (!ret)
		ret = ksu_vcpus_create(vm, ids, 1);
	return ret;
}

struct ksu_creator {
	int vm_fd;
	uint32_t id;
	unsigned int delay_us;
	int fd;
};

static void *ksu_creator_fn(void *arg)
{
	struct ksu_creator *c = arg;

	usleep(c->delay_us);
	c->fd = ioctl(c->vm_fd, KVM_CREATE_VCPU, (unsigned long)c->id);
	if (c->fd < 0)
		c->fd = -errno;
	return NULL;
}

int ksu_vcpus_create_threaded(struct ksu_vm *vm, const uint32_t *ids, int n)
{
	struct ksu_creator c[KSU_MAX_VCPUS];
	pthread_t t[KSU_MAX_VCPUS];
	int i, ret = 0;

	if (vm->nr_vcpus + n > KSU_MAX_VCPUS)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		c[i] = (struct ksu_creator){ vm->fd, ids[i],
					     ksu_rand() % 3000, -EAGAIN };
		if (pthread_create(&t[i], NULL, ksu_creator_fn, &c[i])) {
			c[i].fd = -EAGAIN;
			ksu_creator_fn(&c[i]);
			t[i] = 0;
		}
	}
	for (i = 0; i < n; i++) {
		if (t[i])
			pthread_join(t[i], NULL);
		if (c[i].fd < 0 && !ret)
			ret = c[i].fd;
	}
	for (i = 0; i < n; i++) {
		vm->vcpu_fd[vm->nr_vcpus] = c[i].fd;
		vm->vcpu_id[vm->nr_vcpus++] = ids[i];
	}
	return ret;
}

int ksu_vcpu_index(const struct ksu_vm *vm, uint32_t id)
{
	int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpu_id[i] == id)
			return i;
	return -1;
}

uint64_t ksu_vcpu_rip(uint32_t id)
{
	return 0x1000 + 0x10 * (uint64_t)id;
}

uint64_t ksu_vcpu_rax(uint32_t id)
{
	return 0x5e5e000000000000ULL | ((uint64_t)id << 16) | 0xa5;
}

int ksu_vcpu_set_regs(struct ksu_vm *vm, int i)
{
	struct kvm_regs r;
	uint32_t id = vm->vcpu_id[i];

	if (ioctl(vm->vcpu_fd[i], KVM_GET_REGS, &r))
		return -errno;
	r.rip = ksu_vcpu_rip(id);
	r.rax = ksu_vcpu_rax(id);
	r.rbx = id;
	r.rsp = 0x7000 - 0x100 * (uint64_t)id;
	if (ioctl(vm->vcpu_fd[i], KVM_SET_REGS, &r))
		return -errno;
	return 0;
}

/* ---- KVM_MEMORY_ENCRYPT_OP ------------------------------------------ */

int ksu_op(int fd, int sev_fd, uint32_t id, void *data, uint32_t *error)
{
	struct kvm_sev_cmd cmd = {
		.id = id,
		.data = (uintptr_t)data,
		.error = KSU_ERR_UNSET,
		.sev_fd = sev_fd,
	};
	int ret;

	ret = ioctl(fd, KVM_MEMORY_ENCRYPT_OP, &cmd);
	if (error)
		*error = cmd.error;
	return ret < 0 ? -errno : ret;
}

int ksu_vm_op(struct ksu_vm *vm, uint32_t id, void *data, uint32_t *error)
{
	return ksu_op(vm->fd, vm->sev_fd, id, data, error);
}

int ksu_config(struct ksu_vm *vm, uint32_t flags, uint32_t fpu,
	       uint32_t *error)
{
	struct kvm_sev_launch_config c = { .flags = flags, .vmsa_fpu = fpu };

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_CONFIG, &c, error);
}

int ksu_start(struct ksu_vm *vm, uint32_t policy, const uint8_t *godh,
	      const uint8_t *session, uint32_t *handle, uint32_t *error)
{
	struct kvm_sev_launch_start s = { .policy = policy };
	int ret;

	if (godh) {
		s.dh_uaddr = (uintptr_t)godh;
		s.dh_len = SC_CERT_SIZE;
	}
	if (session) {
		s.session_uaddr = (uintptr_t)session;
		s.session_len = SC_SESSION_SIZE;
	}
	ret = ksu_vm_op(vm, KVM_SEV_LAUNCH_START, &s, error);
	if (handle)
		*handle = s.handle;
	return ret;
}

int ksu_update_data(struct ksu_vm *vm, const void *hva, uint64_t len,
		    uint32_t *error)
{
	struct kvm_sev_launch_update_data d = {
		.uaddr = (uintptr_t)hva,
		.len = (uint32_t)len,
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_UPDATE_DATA, &d, error);
}

int ksu_update_vmsa(struct ksu_vm *vm, int i, const uint8_t *page,
		    const uint64_t *features, uint32_t *error)
{
	struct kvm_sev_vcpu_update_vmsa u = { 0 };

	if (page) {
		u.vmsa_uaddr = (uintptr_t)page;
		u.vmsa_len = SEV_LAUNCH_VMSA_SIZE;
		u.flags = KVM_SEV_VMSA_F_PAGE;
	} else if (features) {
		u.sev_features = *features;
	} else {
		return ksu_op(vm->vcpu_fd[i], vm->sev_fd,
			      KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, error);
	}
	return ksu_op(vm->vcpu_fd[i], vm->sev_fd, KVM_SEV_LAUNCH_UPDATE_VMSA,
		      &u, error);
}

int ksu_update_vmsa_all(struct ksu_vm *vm, uint32_t *error)
{
	return ksu_vm_op(vm, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, error);
}

int ksu_measure(struct ksu_vm *vm, uint8_t blob[48], uint32_t *probe_len,
		uint32_t *error)
{
	struct kvm_sev_launch_measure m = { 0 };
	int ret;

	/* Probe: len 0 asks for the size; the call itself "fails". */
	ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, error);
	if (probe_len)
		*probe_len = m.len;
	if (m.len != SEV_LAUNCH_MEASURE_SIZE)
		return -EPROTO;
	m.uaddr = (uintptr_t)blob;
	ret = ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, error);
	if (!ret && m.len != SEV_LAUNCH_MEASURE_SIZE)
		ret = -EPROTO;
	return ret;
}

int ksu_get_log(struct ksu_vm *vm, struct kvm_sev_launch_log_entry **ents,
		uint32_t *n, uint32_t *flags, uint8_t digest[32],
		uint32_t *error)
{
	struct kvm_sev_launch_log l = { 0 };
	struct kvm_sev_launch_log_entry *e;
	uint32_t cap;
	int ret;

	*ents = NULL;
	*n = 0;
	ret = ksu_vm_op(vm, KVM_SEV_LAUNCH_GET_LOG, &l, error);
	if (ret)
		return ret;
	cap = l.nr_entries;
	e = calloc(cap + 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	l.entries_uaddr = (uintptr_t)e;
	ret = ksu_vm_op(vm, KVM_SEV_LAUNCH_GET_LOG, &l, error);
	if (!ret && l.nr_entries != cap)
		ret = -EPROTO;
	if (ret) {
		free(e);
		return ret;
	}
	*ents = e;
	*n = cap;
	if (flags)
		*flags = l.flags;
	if (digest)
		memcpy(digest, l.launch_digest, 32);
	return 0;
}

int ksu_vcpu_vmsa(struct ksu_vm *vm, int i, uint8_t page[4096],
		  uint32_t *error)
{
	struct kvm_sev_vcpu_vmsa v = {
		.uaddr = (uintptr_t)page,
		.len = SEV_LAUNCH_VMSA_SIZE,
	};
	int ret;

	ret = ksu_op(vm->vcpu_fd[i], vm->sev_fd, KVM_SEV_VCPU_GET_VMSA, &v,
		     error);
	if (!ret && v.len != SEV_LAUNCH_VMSA_SIZE)
		ret = -EPROTO;
	return ret;
}

int ksu_caps(struct ksu_vm *vm, struct kvm_sev_caps *caps, uint32_t *error)
{
	memset(caps, 0, sizeof(*caps));
	return ksu_vm_op(vm, KVM_SEV_GET_CAPS, caps, error);
}

int ksu_status(struct ksu_vm *vm, struct kvm_sev_guest_status *st,
	       uint32_t *error)
{
	memset(st, 0xff, sizeof(*st));
	return ksu_vm_op(vm, KVM_SEV_GUEST_STATUS, st, error);
}

int ksu_secret(struct ksu_vm *vm, const uint8_t hdr[52], void *guest,
	       const uint8_t *trans, uint32_t len, uint32_t *error)
{
	struct kvm_sev_launch_secret s = {
		.hdr_uaddr = (uintptr_t)hdr,
		.hdr_len = SEV_LAUNCH_SECRET_HDR_SIZE,
		.guest_uaddr = (uintptr_t)guest,
		.guest_len = len,
		.trans_uaddr = (uintptr_t)trans,
		.trans_len = len,
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_SECRET, &s, error);
}

int ksu_finish(struct ksu_vm *vm, uint32_t *error)
{
	return ksu_vm_op(vm, KVM_SEV_LAUNCH_FINISH, NULL, error);
}

int ksu_dbg(struct ksu_vm *vm, bool decrypt, const void *src, void *dst,
	    uint32_t len, uint32_t *error)
{
	struct kvm_sev_dbg d = {
		.src_uaddr = (uintptr_t)src,
		.dst_uaddr = (uintptr_t)dst,
		.len = len,
	};

	return ksu_vm_op(vm, decrypt ? KVM_SEV_DBG_DECRYPT :
			 KVM_SEV_DBG_ENCRYPT, &d, error);
}

int ksu_log_replay(struct ksu_vm *vm, const struct kvm_sev_launch_log_entry *e,
		   uint32_t n, uint8_t vmsa[][4096], uint8_t ld[32],
		   char *why, size_t whylen)
{
	struct sc_sha256 h;
	uint8_t sha[32];
	const uint8_t *p;
	uint32_t k;
	int i, ret = 0;

	if (sc_sha256_init(&h))
		return -ENOMEM;
	for (k = 0; k < n && !ret; k++) {
		if (e[k].kind == KVM_SEV_LOG_DATA) {
			p = ksu_shadow(vm, e[k].gpa, e[k].len);
			if (!p) {
				snprintf(why, whylen, "entry %u: data at GPA %#llx+%#llx is outside guest memory",
					 k, (unsigned long long)e[k].gpa,
					 (unsigned long long)e[k].len);
				ret = -EBADMSG;
				break;
			}
		} else if (e[k].kind == KVM_SEV_LOG_VMSA) {
			i = ksu_vcpu_index(vm, e[k].vcpu_id);
			if (i < 0 || e[k].len != SEV_LAUNCH_VMSA_SIZE) {
				snprintf(why, whylen, "entry %u: VMSA of unknown vCPU %u or length %llu",
					 k, e[k].vcpu_id,
					 (unsigned long long)e[k].len);
				ret = -EBADMSG;
				break;
			}
			p = vmsa[i];
		} else {
			snprintf(why, whylen, "entry %u: unknown kind %u", k,
				 e[k].kind);
			ret = -EBADMSG;
			break;
		}
		sc_sha256(p, e[k].len, sha);
		if (memcmp(sha, e[k].sha256, 32)) {
			snprintf(why, whylen, "entry %u (%s %#llx, %llu bytes): SHA-256 differs from the bytes given",
				 k, e[k].kind == KVM_SEV_LOG_DATA ? "data at" :
				 "vCPU", e[k].kind == KVM_SEV_LOG_DATA ?
				 (unsigned long long)e[k].gpa :
				 (unsigned long long)e[k].vcpu_id,
				 (unsigned long long)e[k].len);
			ret = -EBADMSG;
			break;
		}
		sc_sha256_update(&h, p, e[k].len);
	}
	if (!ret)
		sc_sha256_final(&h, ld);
	sc_sha256_free(&h);
	return ret;
}

/* ---- the guest owner ------------------------------------------------- */

static int ksu_sev_cmd(int fd, uint32_t cmd, void *data)
{
	struct sev_issue_cmd arg = { .cmd = cmd, .data = (uintptr_t)data };

	if (ioctl(fd, SEV_ISSUE_CMD, &arg))
		return -errno;
	return arg.error ? -EPROTO : 0;
}

int ksu_owner_platform(struct ksu_owner *o, int sev_fd)
{
	struct sev_user_data_pdh_cert_export x = {
		.pdh_cert_address = (uintptr_t)o->chain.pdh,
		.pdh_cert_len = SC_CERT_SIZE,
		.cert_chain_address = (uintptr_t)o->chain.pek,
		.cert_chain_len = 3 * SC_CERT_SIZE,
	};
	struct sev_user_data_status st;
	struct sc_roots roots;
	int ret;

	/* pek, oca, cek follow each other in struct sc_chain. */
	_Static_assert(offsetof(struct sc_chain, oca) ==
		       offsetof(struct sc_chain, pek) + SC_CERT_SIZE, "chain");
	_Static_assert(offsetof(struct sc_chain, cek) ==
		       offsetof(struct sc_chain, oca) + SC_CERT_SIZE, "chain");
	memset(o, 0, sizeof(*o));
	ret = ksu_sev_cmd(sev_fd, SEV_PLATFORM_STATUS, &st);
	if (ret)
		return ret;
	o->api_major = st.api_major;
	o->api_minor = st.api_minor;
	o->build = st.build;
	ret = ksu_sev_cmd(sev_fd, SEV_PDH_CERT_EXPORT, &x);
	if (ret)
		return ret;
	if (x.pdh_cert_len != SC_CERT_SIZE ||
	    x.cert_chain_len != 3 * SC_CERT_SIZE)
		return -EPROTO;
	if (sc_roots_emulator(&roots))
		return -EPROTO;
	ret = sc_chain_verify(&o->chain, &roots, false) ? -EKEYREJECTED : 0;
	sc_roots_free(&roots);
	return ret;
}

int ksu_owner_session(struct ksu_owner *o, uint32_t policy)
{
	memset(&o->s, 0, sizeof(o->s));
	o->s.policy = policy;
	return sc_session_build(&o->s, o->chain.pdh, NULL, false) ? -EPROTO : 0;
}

bool ksu_owner_verify(const struct ksu_owner *o, uint32_t policy,
		      const uint8_t ld[32], const uint8_t blob[48])
{
	uint8_t want[32];

	if (sc_measure(o->s.tik, o->api_major, o->api_minor, o->build, policy,
		       ld, blob + 32, want))
		return false;
	return !memcmp(want, blob, 32);
}

/* ---- misc ------------------------------------------------------------ */

int ksu_swfw_knob(const char *name, unsigned long long val)
{
	return swfw_knob(name, val);
}

long ksu_swfw_guests(void)
{
	return swfw_guests();
}

long ksu_pinned_pages(void)
{
	return sst_num(KSU_PINNED_PATH);
}

int ksu_memlock_limit(uint64_t bytes)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	struct rlimit rl = { bytes, bytes };
	int ret;

	ret = syscall(SYS_capget, &h, d);
	d[0].effective &= ~(1U << CAP_IPC_LOCK);
	d[0].permitted &= ~(1U << CAP_IPC_LOCK);
	if (!ret)
		ret = syscall(SYS_capset, &h, d);
	if (!ret)
		ret = setrlimit(RLIMIT_MEMLOCK, &rl);
	return ret;
}

void ksu_hex(char *out, const uint8_t *in, size_t len)
{
	sc_hex_str(out, in, len);
}

static uint64_t ksu_rng_state = 0x9e3779b97f4a7c15ULL;

void ksu_srand(uint64_t seed)
{
	ksu_rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/* xorshift64*: reproducible from the seed the programs print. */
uint64_t ksu_rand(void)
{
	uint64_t x = ksu_rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	ksu_rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

void ksu_fill(void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(ksu_rand() >> 56);
}

void ksu_shuffle(int *v, int n)
{
	int i, j, t;

	for (i = n - 1; i > 0; i--) {
		j = ksu_rand() % (i + 1);
		t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

const char *ksu_err_name(uint32_t error)
{
	static const char *const launch[] = {
		"STATE", "FINISHED", "OVERLAP", "NO_MEMSLOT", "VMSA_DUP",
		"VMSA_MISSING", "FEATURES", "NOT_ES", "MEMLOCK", "SEV_FD",
		"CONFIG", "FEATURES_VM", "VMSA_DEBUG", "ALIAS", "MEMTYPE",
	};
	static const char *const fw[] = {
		[0x00] = "SUCCESS", [0x01] = "INVALID_PLATFORM_STATE",
		[0x02] = "INVALID_GUEST_STATE", [0x03] = "INVALID_CONFIG",
		[0x04] = "INVALID_LEN", [0x05] = "ALREADY_OWNED",
		[0x06] = "INVALID_CERTIFICATE", [0x07] = "POLICY_FAILURE",
		[0x08] = "INACTIVE", [0x09] = "INVALID_ADDRESS",
		[0x0a] = "BAD_SIGNATURE", [0x0b] = "BAD_MEASUREMENT",
		[0x0c] = "ASID_OWNED", [0x0d] = "INVALID_ASID",
		[0x10] = "INVALID_GUEST", [0x11] = "INVALID_COMMAND",
		[0x15] = "UNSUPPORTED", [0x16] = "INVALID_PARAM",
		[0x17] = "RESOURCE_LIMIT",
	};

	if (error >= SEV_LAUNCH_ERR_STATE &&
	    error < SEV_LAUNCH_ERR_STATE + ARRAY_SIZE(launch))
		return launch[error - SEV_LAUNCH_ERR_STATE];
	if (error < ARRAY_SIZE(fw) && fw[error])
		return fw[error];
	if (error == (uint32_t)SEV_RET_NO_FW_CALL)
		return "NO_FW_CALL";
	if (error == KSU_ERR_UNSET)
		return "unset";
	return "?";
}
