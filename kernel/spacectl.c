// SPDX-License-Identifier: MIT
/*
 * spacectl.c: SpaceControl (X.2 §4.3): sets the KIP and UTCB areas of a
 * space that has no active thread yet. Privileged. The small-space control
 * word (Appendix A.5) makes a space small or large (smallspace.c); the
 * areas are set only while no thread of the space is active (later they
 * are ignored), the control word at any time; the output control word
 * gives the number the space had. The redirector (redirect.c): nilthread
 * leaves it, anythread ends redirection, another thread (which must
 * exist, else ErrorCode 5) becomes the space's redirector.
 *
 * Our extension in bits that A.5 leaves 0 (libl4/include/l4/space.h): k
 * sets the limit of the kernel memory charged to the space (kernel.h) and
 * reports the frames charged to it now. A space whose charge is above a
 * new limit keeps what it has and is refused more until it frees some.
 */
#include "kernel.h"
#include "redirect.h"
#include "syscalls.h"
#include "space.h"
#include "../arch/ia32/smallspace.h"

#define CONTROL_SET_KMEM    (1u << 30)
#define CONTROL_KMEM_SHIFT  8
#define CONTROL_KMEM_FIELD  0x1FFFFFu           /* bits 8..28: frames */
#define CONTROL_KNOWN (SPACE_CONTROL_SET_SMALL | CONTROL_SET_KMEM | \
                       CONTROL_KMEM_FIELD << CONTROL_KMEM_SHIFT | 0xFFu)

/* k: the new limit from the field (0 leaves it, all ones is unlimited);
 * returns the output bits: the frames charged now. */
static word_t kmem_control(struct space *s, word_t control)
{
	word_t frames = control >> CONTROL_KMEM_SHIFT & CONTROL_KMEM_FIELD;
	if (frames == CONTROL_KMEM_FIELD)
		s->kmem.limit = KMEM_UNLIMITED;
	else if (frames)
		s->kmem.limit = frames;
	word_t used = s->kmem.used < CONTROL_KMEM_FIELD ? s->kmem.used : CONTROL_KMEM_FIELD;
	return CONTROL_SET_KMEM | used << CONTROL_KMEM_SHIFT;
}

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
	/* A.5's t bit (extended mappings beyond 32 bits) is not offered. */
	if ((control & ~CONTROL_KNOWN) ||
	    (!(control & CONTROL_SET_KMEM) && (control & CONTROL_KMEM_FIELD << CONTROL_KMEM_SHIFT)))
		return set_error_code(ERR_INVALID_PARAM), 0;
	if (redirect_check(self, redirector))
		return set_error_code(ERR_INVALID_PARAM), 0;
	struct space *s = t->space;
	bool active = false;
	for (struct tcb *u = s->threads; u; u = u->space_next)
		active |= u->state != TS_INACTIVE;
	/* X.2 §4.3: the areas are ignored once a thread is active; nilpages
	 * leave those set before (to change only the control word). */
	bool keep_areas = space_initialized(s) && kip_area == FPAGE_NIL && utcb_area == FPAGE_NIL;
	if (!active && !keep_areas) {
		word_t err = space_set_areas(s, kip_area, utcb_area);
		if (err)
			return set_error_code(err), 0;
	}
	redirect_set(s, self, redirector);
	*control_out = smallspace_control(s, control);
	if (control & CONTROL_SET_KMEM)
		*control_out |= kmem_control(s, control);
	return 1;
}
