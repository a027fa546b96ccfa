// SPDX-License-Identifier: MIT
/*
 * spacectl.c: SpaceControl (X.2 §4.3): sets the KIP and UTCB areas of a
 * space that has no active thread yet. Privileged. The small-space control
 * word (Appendix A.5) comes with small spaces; here control must be 0 and
 * the redirector nilthread or anythread (redirection: x2-deviations.md).
 */
#include "kernel.h"
#include "syscalls.h"
#include "space.h"

word_t sys_space_control(word_t space_spec, word_t control, word_t kip_area,
                         word_t utcb_area, word_t redirector, word_t *control_out)
{
	struct tcb *self = current;
	*control_out = 0;
	if (!self->space->privileged)
		return set_error_code(ERR_NO_PRIVILEGE), 0;
	struct tcb *t = tcb_lookup(self, space_spec);
	if (!t || !t->space)
		return set_error_code(ERR_INVALID_SPACE), 0;
	if (control != 0)
		return set_error_code(ERR_INVALID_PARAM), 0;
	if (redirector != TID_NIL && redirector != TID_ANY)
		return set_error_code(ERR_INVALID_PARAM), 0;
	struct space *s = t->space;
	for (struct tcb *u = s->threads; u; u = u->space_next)
		if (u->state != TS_INACTIVE)
			return set_error_code(ERR_INVALID_SPACE), 0;
	word_t err = space_set_areas(s, kip_area, utcb_area);
	if (err)
		return set_error_code(err), 0;
	return 1;
}
