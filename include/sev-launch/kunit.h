/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal functions that KUnit suites in tests/kunit/ call directly are
 * exported into the SEV_LAUNCH_KUNIT namespace, and only when those suites
 * are built.
 */
#ifndef _SEV_LAUNCH_KUNIT_H
#define _SEV_LAUNCH_KUNIT_H

#include <linux/export.h>
#include <linux/build_bug.h>
#include <linux/kconfig.h>

#if IS_ENABLED(CONFIG_SEV_LAUNCH_KUNIT_TEST)
#define SEVL_EXPORT_FOR_KUNIT(sym)	EXPORT_SYMBOL_NS_GPL(sym, SEV_LAUNCH_KUNIT)
#else
#define SEVL_EXPORT_FOR_KUNIT(sym)	static_assert(!!sizeof(typeof(sym) *))
#endif

#endif /* _SEV_LAUNCH_KUNIT_H */
