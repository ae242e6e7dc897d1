# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build and developer entry points.
#
#   make                 build the modules against $(KDIR)
#   make check           every test suite; ends with "N passed, N failed"
#   make demo            boot the test kernel and walk an attested launch
#   make bench           benchmarks (never part of check)
#   make fuzz DURATION=s [SEED=n]
#                        long fuzzer run on the sanitizer kernel
#   make intree KSRC=..  link the project into a kernel source tree
#   make intree-check    the distro kernel build check (part of check)
#
# The kbuild rules themselves are in Kbuild.

KDIR ?= /lib/modules/$(shell uname -r)/build
W ?= 1

# Out of tree there is no Kconfig: enable every component as a module and
# tell the C code so, the way autoconf.h would.
SEVL_MODS := CONFIG_SEV_LAUNCH_SWFW
SEVL_MODS += CONFIG_SEV_LAUNCH_PSP CONFIG_SEV_LAUNCH_PSP_PCI
SEVL_MODS += CONFIG_SEV_LAUNCH_PSP_CCP
SEVL_MODS += CONFIG_SEV_LAUNCH_CORE CONFIG_SEV_LAUNCH_KVM
SEVL_KCONF := $(foreach m,$(SEVL_MODS),$(m)=m)
SEVL_KDEFS := $(foreach m,$(SEVL_MODS),-D$(m)_MODULE=1)

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) $(SEVL_KCONF) \
		KCFLAGS="$(SEVL_KDEFS) $(KCFLAGS)" modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tests/selftests clean
	$(MAKE) -C tools/sevctl clean

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

DURATION ?= 600
SEED ?=
fuzz:
	scripts/fuzz.sh $(DURATION) $(SEED)

intree:
	scripts/link-intree.sh $(KSRC)

intree-check:
	scripts/intree-check.sh

.PHONY: modules clean check demo bench fuzz intree intree-check
