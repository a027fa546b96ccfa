// SPDX-License-Identifier: MIT
/*
 * pipe.c: the shared-ring pipe (l4/pipe.h). The writer only moves head,
 * the reader only tail; each end's free space or data is computed from
 * both, so no lock is needed. The flags say "wake me"; whoever clears a
 * raised flag with the exchange owes (partner) or is owed (waiter) one
 * wake message.
 */
#include <l4/pipe.h>
#include <l4/ipc.h>
#include <l4/message.h>

_Static_assert(sizeof(struct pipe) == PIPE_BYTES, "the shared area is two pages");

static L4_Word_t xchg(volatile L4_Word_t *w, L4_Word_t v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*w) : : "memory");
	return v;
}

void pipe_init(struct pipe *p, L4_ThreadId_t reader, L4_ThreadId_t writer)
{
	p->head = p->tail = 0;
	p->reader_waits = p->writer_waits = 0;
	p->write_closed = p->read_closed = 0;
	p->reader = reader;
	p->writer = writer;
	p->timeout_us = 0;
}

void pipe_set_timeout(struct pipe *p, L4_Word_t us)
{
	p->timeout_us = us;
}

/* A finite wait's timeout: out of line, so that its 64-bit arithmetic
 * takes no registers from the ring's code around the inline IPCs (the
 * waits that never time out, the common case, pay one test). */
static __attribute__((noinline)) L4_Time_t finite_time(L4_Word_t us)
{
	return L4_TimePeriod(us);
}

static inline __attribute__((always_inline)) L4_Time_t wait_time(const struct pipe *p)
{
	return p->timeout_us ? finite_time(p->timeout_us) : L4_Never;
}

/* Receives the one wake message from 'partner'. */
static inline __attribute__((always_inline)) bool take_wake(struct pipe *p, L4_ThreadId_t partner)
{
	L4_MsgTag_t tag = __L4_IpcTagOnly(L4_nilthread, partner, L4_Timeouts(L4_Never, wait_time(p)),
	                                  L4_Niltag);
	return L4_IpcSucceeded(tag) && L4_Label(tag) == PIPE_WAKE_LABEL;
}

/* Wakes the partner if its flag is up. */
static inline __attribute__((always_inline)) bool give_wake(struct pipe *p, volatile L4_Word_t *flag, L4_ThreadId_t partner)
{
	/* The ring's update must be visible before the flag is read: x86
	 * lets a load pass an earlier store, and then a waiter that raised
	 * its flag after looking at the old ring would never be woken. */
	__sync_synchronize();
	if (!*flag || !xchg(flag, 0))
		return true;
	L4_MsgTag_t wake = { .X = { .label = PIPE_WAKE_LABEL } };
	return L4_IpcSucceeded(__L4_IpcTagOnly(partner, L4_nilthread,
	                                       L4_Timeouts(wait_time(p), L4_Never), wake));
}

/*
 * Waits until ready(p) holds: raise the flag, look again, then either take
 * the flag back (the ring changed, and nobody will send) or receive the
 * wake. False if the wait failed.
 */
static inline __attribute__((always_inline)) bool wait_until(struct pipe *p, bool (*ready)(const struct pipe *),
                       volatile L4_Word_t *flag, L4_ThreadId_t partner)
{
	while (!ready(p)) {
		xchg(flag, 1);
		if (ready(p) && xchg(flag, 0))
			return true;            /* withdrawn: no wake was sent */
		if (!take_wake(p, partner))
			return false;
	}
	return true;
}

static inline __attribute__((always_inline)) bool has_room(const struct pipe *p)
{
	return p->head - p->tail < PIPE_RING_SIZE || p->read_closed;
}

static inline __attribute__((always_inline)) bool has_data(const struct pipe *p)
{
	return p->head != p->tail || p->write_closed;
}

int pipe_write(struct pipe *p, const void *buf, unsigned n)
{
	const unsigned char *src = buf;
	if (L4_Myself().raw != p->writer.raw)
		return -1;
	for (unsigned done = 0; done < n; ) {
		if (!wait_until(p, has_room, &p->writer_waits, p->reader) || p->read_closed)
			return -1;
		L4_Word_t head = p->head, room = PIPE_RING_SIZE - (head - p->tail);
		unsigned chunk = n - done < room ? n - done : (unsigned)room;
		for (unsigned i = 0; i < chunk; i++)
			p->ring[(head + i) & (PIPE_RING_SIZE - 1)] = src[done + i];
		__asm__ __volatile__("" : : : "memory");        /* data before head */
		p->head = head + chunk;
		done += chunk;
		if (!give_wake(p, &p->reader_waits, p->reader))
			return -1;
	}
	return (int)n;
}

int pipe_read(struct pipe *p, void *buf, unsigned n)
{
	unsigned char *dst = buf;
	if (L4_Myself().raw != p->reader.raw)
		return -1;
	if (!n)
		return 0;
	if (!wait_until(p, has_data, &p->reader_waits, p->writer))
		return -1;
	L4_Word_t tail = p->tail, avail = p->head - tail;
	if (!avail)
		return 0;                       /* closed and drained */
	unsigned chunk = n < avail ? n : (unsigned)avail;
	for (unsigned i = 0; i < chunk; i++)
		dst[i] = p->ring[(tail + i) & (PIPE_RING_SIZE - 1)];
	__asm__ __volatile__("" : : : "memory");                /* data before tail */
	p->tail = tail + chunk;
	if (!give_wake(p, &p->writer_waits, p->writer))
		return -1;
	return (int)chunk;
}

void pipe_close_write(struct pipe *p)
{
	p->write_closed = 1;
	give_wake(p, &p->reader_waits, p->reader);
}

void pipe_close_read(struct pipe *p)
{
	p->read_closed = 1;
	give_wake(p, &p->writer_waits, p->writer);
}
