// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the SEV platform lifecycle a VMM and an owner tool see after
 * boot, as on upstream Linux 6.12.
 *
 * Upstream kvm_amd has the ccp driver INIT the platform when it sets SEV up
 * (ccp's psp_init_on_probe, default on), so QEMU's first PLATFORM_STATUS
 * already reads INIT with CONFIG_ES set, and QEMU accepts an SEV-ES policy.
 * sev_launch_kvm does the same under its parameter init_on_load (0444,
 * default Y).  Its parameter canonical (0644, default N) is the
 * administrator's host-wide switch.  Then, through /dev/sev and KVM, what
 * upstream's sev-dev.c and sev.c do:
 *  - PDH_CERT_EXPORT of an INIT platform needs no write access;
 *  - PEK_GEN and PDH_GEN on an INIT platform leave it INIT;
 *  - FACTORY_RESET shuts an INIT platform down first and leaves it UNINIT,
 *    where PDH_CERT_EXPORT needs write access again (temporary INIT);
 *  - the next KVM_SEV_ES_INIT brings it back to INIT, and destroying the
 *    VM leaves it INIT.
 *
 * The first checks are about the state after boot, before any /dev/sev
 * write command: the init script runs the programs in /tests in
 * alphabetical order, and only boot_qemu (whose first launch after boot
 * must be an SEV-ES one; it uses /dev/sev only to read) runs before this.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "tap.h"
#include "sev_util.h"

static void check_param(const char *name, char want, unsigned int mode)
{
	unsigned int m = 0;
	char v = '?';
	int ret;

	ret = sev_kvm_param(name, &v, &m);
	tap_ok(ret == 0 && v == want && m == mode,
	       "sev_launch_kvm parameter %s: %c, mode %04o (ret %d, read %c, mode %04o)",
	       name, want, mode, ret, v, m);
}

static void check_state(int fd, unsigned int state, unsigned int es,
			const char *when)
{
	struct sev_user_data_status st;
	int ret;

	ret = sev_status(fd, &st);
	tap_ok(ret == 0 && st.state == state &&
	       (st.flags & PSTATUS_CONFIG_ES) == es && st.guest_count == 0,
	       "%s: PLATFORM_STATUS state %u, CONFIG_ES %s (ret %d, state %u, flags %#x, guests %u)",
	       when, state, es ? "set" : "clear", ret, st.state, st.flags,
	       st.guest_count);
}

int main(void)
{
	struct sev_pdh_export e;
	uint32_t error;
	int ro, rw, vm, ret;

	tap_plan(13);

	check_param("init_on_load", 'Y', 0444);
	check_param("canonical", 'N', 0644);

	ro = sev_open(O_RDONLY);
	rw = sev_open(O_RDWR);
	if (ro < 0 || rw < 0)
		tap_bail(SEV_DEV_PATH);

	/* What QEMU's sev_kvm_init() reads first. */
	check_state(ro, PSTATE_INIT, PSTATUS_CONFIG_ES, "after boot");
	ret = sev_export(ro, &e);
	tap_ok(ret == 0, "after boot: PDH_CERT_EXPORT on a read-only fd (ret %d error %#x)",
	       ret, e.error);

	ret = sev_cmd(rw, SEV_PEK_GEN, NULL, &error);
	tap_ok(ret == 0 && error == 0, "PEK_GEN (ret %d error %#x)", ret,
	       error);
	check_state(ro, PSTATE_INIT, PSTATUS_CONFIG_ES, "after PEK_GEN");
	ret = sev_cmd(rw, SEV_PDH_GEN, NULL, &error);
	tap_ok(ret == 0 && error == 0, "PDH_GEN (ret %d error %#x)", ret,
	       error);

	ret = sev_cmd(rw, SEV_FACTORY_RESET, NULL, &error);
	tap_ok(ret == 0 && error == 0, "FACTORY_RESET (ret %d error %#x)", ret,
	       error);
	check_state(ro, PSTATE_UNINIT, 0, "after FACTORY_RESET");
	ret = sev_export(ro, &e);
	tap_ok(ret == -EPERM && e.error == 0,
	       "UNINIT: PDH_CERT_EXPORT on a read-only fd is -EPERM, error 0 (ret %d error %#x)",
	       ret, e.error);

	vm = sev_kvm_vm(rw, 1, &error);
	tap_ok(vm >= 0 && error == 0, "KVM_SEV_ES_INIT (ret %d error %#x)",
	       vm < 0 ? vm : 0, error);
	check_state(ro, PSTATE_INIT, PSTATUS_CONFIG_ES,
		    "after KVM_SEV_ES_INIT");
	if (vm >= 0)
		close(vm);
	/* VM teardown runs asynchronously to close(); it never shuts down. */
	usleep(100000);
	check_state(ro, PSTATE_INIT, PSTATUS_CONFIG_ES, "after the VM is gone");

	close(ro);
	close(rw);
	return tap_exit();
}
