/* SPDX-License-Identifier: MIT */
/*
 * assert.h: assert(e) prints the expression, file, line and function on
 * the console and aborts (stdlib.h) when e is false; with NDEBUG defined
 * it is nothing. As C, this header may be included again after NDEBUG
 * changes, so it has no include guard.
 */
#undef assert

#ifdef __cplusplus
extern "C"
#endif
void __l4_assert_fail(const char *expr, const char *file, int line, const char *func)
	__attribute__((noreturn));

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __l4_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
