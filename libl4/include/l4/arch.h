/* SPDX-License-Identifier: MIT */
/*
 * l4/arch.h: the architecture-specific part of the interface, as the
 * manual names it (Appendix A.4: IO fpages). This binding is ia32 only.
 */
#pragma once
#include <l4/ia32/arch.h>
