// SPDX-License-Identifier: MIT
/*
 * libos.c: the library OS (libos.h). The server decides only who may
 * hold a frame; which page lives in which frame, what to evict and what
 * to give back is decided here. No server call is made with the lock
 * held: the server may be waiting on this client's handler, which needs
 * the lock to pick its victims.
 */
#include "libos.h"
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/schedule.h>
#include <l4/space.h>

#define SLOT_BINDING    1UL     /* phys while a slot's RES_ALLOC is on its way */

void libos_init(struct libos *l, L4_ThreadId_t server, L4_Word_t frame_area,
                L4_Word_t (*store)[1024], unsigned npages, unsigned target, bool cooperative)
{
	__builtin_memset(l, 0, sizeof(*l));
	l->server = server;
	l->frame_area = frame_area;
	l->store = store;
	l->npages = npages < LIBOS_MAX_PAGES ? npages : LIBOS_MAX_PAGES;
	l->target = target;
	l->cooperative = cooperative;
	for (unsigned s = 0; s < LIBOS_MAX_FRAMES; s++)
		l->slot[s].page = LIBOS_NO_PAGE;
	for (unsigned p = 0; p < LIBOS_MAX_PAGES; p++)
		l->where[p] = LIBOS_NO_PAGE;
}

void libos_lock(struct libos *l)
{
	while (__atomic_exchange_n(&l->lock, 1, __ATOMIC_ACQUIRE))
		L4_ThreadSwitch(L4_nilthread);
}

void libos_unlock(struct libos *l)
{
	__atomic_store_n(&l->lock, 0, __ATOMIC_RELEASE);
}

static L4_Word_t slot_addr(const struct libos *l, unsigned s)
{
	return l->frame_area + s * 4096UL;
}

static int slot_of(const struct libos *l, L4_Word_t phys)
{
	for (unsigned s = 0; s < LIBOS_MAX_FRAMES; s++)
		if (l->slot[s].phys == phys && phys > SLOT_BINDING)
			return (int)s;
	return -1;
}

/* A request to the server; map items it sends land where it put them. */
static L4_MsgTag_t server_call(struct libos *l, L4_Word_t label, L4_Word_t w1, L4_Word_t w2,
                               L4_Word_t w3)
{
	L4_Accept(L4_MapGrantItems(L4_CompleteAddressSpace));
	L4_LoadMR(1, w1);
	L4_LoadMR(2, w2);
	L4_LoadMR(3, w3);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 3, .label = label } });
	return L4_Call(l->server);
}

/* RES_OK, or the error code of the reply. */
static L4_Word_t result_of(L4_MsgTag_t tag, L4_Word_t *mr1)
{
	L4_Word_t w = 0;
	if (L4_IpcFailed(tag))
		return RES_E_BAD_ARG;
	L4_StoreMR(1, &w);
	if (mr1)
		*mr1 = w;
	return L4_Label(tag) == RES_OK ? RES_OK : w;
}

/* Reserves n free slots in a row; the first, or -1. */
static int reserve_slots(struct libos *l, unsigned n)
{
	libos_lock(l);
	for (unsigned s = 0; s + n <= LIBOS_MAX_FRAMES; s++) {
		unsigned k = 0;
		while (k < n && !l->slot[s + k].phys)
			k++;
		if (k == n) {
			for (k = 0; k < n; k++)
				l->slot[s + k].phys = SLOT_BINDING;
			libos_unlock(l);
			return (int)s;
		}
	}
	libos_unlock(l);
	return -1;
}

/* Ends a reservation: the frames bound (first != 0) or the slots free. */
static void settle_slots(struct libos *l, unsigned s, unsigned n, L4_Word_t first)
{
	libos_lock(l);
	for (unsigned k = 0; k < n; k++) {
		l->slot[s + k].phys = first ? first + k * 4096UL : 0;
		l->slot[s + k].page = LIBOS_NO_PAGE;
		l->slot[s + k].age = 0;
	}
	if (first)
		l->frames += n;
	libos_unlock(l);
}

static L4_Word_t bind(struct libos *l, L4_Word_t label, L4_Word_t phys, unsigned n,
                      L4_Word_t *got)
{
	int s = reserve_slots(l, n);
	if (s < 0)
		return LIBOS_E_NO_SLOT;
	L4_Word_t first = 0;
	L4_Word_t r = result_of(server_call(l, label, phys, n, slot_addr(l, s)), &first);
	settle_slots(l, s, n, r == RES_OK ? first : 0);
	if (got)
		*got = r == RES_OK ? first : 0;
	return r;
}

L4_Word_t libos_alloc(struct libos *l, L4_Word_t phys, L4_Word_t *got)
{
	return bind(l, RES_ALLOC, phys, 1, got);
}

L4_Word_t libos_alloc_run(struct libos *l, unsigned n, L4_Word_t *first)
{
	return bind(l, RES_ALLOC, RES_ANY, n, first);
}

/* The device list: add, or drop a name (true if it was there). */
static bool device_add(struct libos *l, L4_Word_t name)
{
	for (unsigned i = 0; i < LIBOS_MAX_DEVICES; i++) {
		if (!l->device[i]) {
			l->device[i] = name;
			l->ndevices++;
			return true;
		}
	}
	return false;
}

static bool device_drop(struct libos *l, L4_Word_t name)
{
	for (unsigned i = 0; i < LIBOS_MAX_DEVICES; i++) {
		if (name && l->device[i] == name) {
			l->device[i] = 0;
			l->ndevices--;
			return true;
		}
	}
	return false;
}

static L4_Word_t bind_device(struct libos *l, L4_Word_t label, L4_Word_t name)
{
	libos_lock(l);
	bool room = l->ndevices < LIBOS_MAX_DEVICES;
	libos_unlock(l);
	if (!room)
		return LIBOS_E_NO_SLOT;
	L4_Word_t r = result_of(server_call(l, label, name, 1, 0), 0);
	libos_lock(l);
	if (r == RES_OK)
		device_add(l, name);
	libos_unlock(l);
	return r;
}

L4_Word_t libos_claim(struct libos *l, L4_Word_t name)
{
	return bind_device(l, RES_ALLOC, name);
}

L4_Word_t libos_map(struct libos *l, L4_Word_t phys)
{
	if (res_kind_of(phys) != RES_KIND_FRAME)
		return bind_device(l, RES_MAP, phys);
	int s = reserve_slots(l, 1);
	if (s < 0)
		return LIBOS_E_NO_SLOT;
	L4_MsgTag_t tag = server_call(l, RES_MAP, phys, slot_addr(l, s), 0);
	L4_Word_t r = result_of(tag, 0);
	settle_slots(l, s, 1, r == RES_OK ? phys : 0);
	return r;
}

/* Forgets slot s (its page written back first if 'write_back'). */
static void drop_slot(struct libos *l, unsigned s, bool write_back)
{
	unsigned page = l->slot[s].page;
	if (page != LIBOS_NO_PAGE) {
		if (write_back)
			__builtin_memcpy(l->store[page], (void *)slot_addr(l, s), 4096);
		else
			l->lost[page] = true;
		l->where[page] = LIBOS_NO_PAGE;
	}
	l->slot[s].phys = 0;
	l->slot[s].page = LIBOS_NO_PAGE;
	l->frames--;
}

/* Free or pass: the frame leaves this library OS, its page saved first.
 * The server is asked even for a frame not held here: it refuses. */
static L4_Word_t let_go(struct libos *l, L4_Word_t label, L4_Word_t phys, L4_Word_t to)
{
	libos_lock(l);
	int s = slot_of(l, phys);
	if (s >= 0 && l->slot[s].page != LIBOS_NO_PAGE) {
		unsigned page = l->slot[s].page;
		__builtin_memcpy(l->store[page], (void *)slot_addr(l, (unsigned)s), 4096);
		l->where[page] = LIBOS_NO_PAGE;
		l->slot[s].page = LIBOS_NO_PAGE;
	}
	libos_unlock(l);
	L4_Word_t r = result_of(server_call(l, label, phys, to, 0), 0);
	libos_lock(l);
	if (r == RES_OK && (s = slot_of(l, phys)) >= 0)
		drop_slot(l, (unsigned)s, false);
	if (r == RES_OK)
		device_drop(l, phys);
	libos_unlock(l);
	return r;
}

L4_Word_t libos_free(struct libos *l, L4_Word_t phys)
{
	return let_go(l, RES_FREE, phys, 0);
}

L4_Word_t libos_pass(struct libos *l, L4_Word_t phys, L4_ThreadId_t to)
{
	return let_go(l, RES_PASS, phys, to.raw);
}

L4_Word_t libos_addr(struct libos *l, L4_Word_t phys)
{
	int s = slot_of(l, phys);
	return s < 0 ? 0 : slot_addr(l, (unsigned)s);
}

bool libos_holds(struct libos *l, L4_Word_t name)
{
	if (res_kind_of(name) == RES_KIND_FRAME)
		return libos_addr(l, name) != 0;
	for (unsigned i = 0; i < LIBOS_MAX_DEVICES; i++)
		if (name && l->device[i] == name)
			return true;
	return false;
}

unsigned libos_sync(struct libos *l)
{
	L4_MsgTag_t tag = server_call(l, RES_REPOSSESSED, 0, 0, 0);
	L4_Word_t total = 0, n = 0, taken[RES_MAX_LIST];
	if (L4_IpcFailed(tag) || L4_Label(tag) != RES_OK)
		return 0;
	L4_StoreMR(1, &total);
	L4_StoreMR(2, &n);
	L4_StoreMRs(3, (int)n, taken);
	L4_Word_t fresh = total - l->repo_seen;
	if (fresh > n)
		fresh = n;      /* older ones fell out of the vector */
	libos_lock(l);
	for (L4_Word_t i = n - fresh; i < n; i++) {
		int s = slot_of(l, taken[i]);
		if (s >= 0) {
			l->pages_lost += l->slot[s].page != LIBOS_NO_PAGE;
			drop_slot(l, (unsigned)s, false);       /* the frame is gone */
			l->repossessed++;
		} else if (device_drop(l, taken[i])) {
			l->repossessed++;
		}
	}
	l->repo_seen = total;
	libos_unlock(l);
	return (unsigned)fresh;
}

/* Ages every resident page by the referenced bit Unmap reports (and
 * resets) for this space's own mapping of the frame. */
void libos_age(struct libos *l)
{
	for (unsigned s = 0; s < LIBOS_MAX_FRAMES; s++) {
		if (l->slot[s].phys <= SLOT_BINDING)
			continue;
		L4_Fpage_t f = L4_GetStatus(L4_FpageLog2(slot_addr(l, s), 12));
		l->slot[s].age = (unsigned char)(l->slot[s].age >> 1 |
		                                 (L4_WasReferenced(f) ? 0x80 : 0));
	}
}

/* A bound slot without a page, else the least recently used page's. */
static int victim(struct libos *l)
{
	int best = -1;
	for (unsigned s = 0; s < LIBOS_MAX_FRAMES; s++) {
		if (l->slot[s].phys <= SLOT_BINDING)
			continue;
		if (l->slot[s].page == LIBOS_NO_PAGE)
			return (int)s;
		if (best < 0 || l->slot[s].age < l->slot[best].age)
			best = (int)s;
	}
	return best;
}

L4_Word_t *libos_page(struct libos *l, unsigned page)
{
	if (page >= l->npages)
		return 0;
	if (l->where[page] != LIBOS_NO_PAGE)
		return (L4_Word_t *)slot_addr(l, l->where[page]);
	l->misses++;
	libos_age(l);
	int s = victim(l);
	if (s < 0)
		return 0;
	unsigned old = l->slot[s].page;
	if (old != LIBOS_NO_PAGE) {
		__builtin_memcpy(l->store[old], (void *)slot_addr(l, (unsigned)s), 4096);
		l->where[old] = LIBOS_NO_PAGE;
		l->evictions++;
		l->last_victim = old;
	}
	__builtin_memcpy((void *)slot_addr(l, (unsigned)s), l->store[page], 4096);
	l->slot[s].page = page;
	l->slot[s].age = 0x80;
	l->where[page] = (unsigned)s;
	return (L4_Word_t *)slot_addr(l, (unsigned)s);
}

unsigned libos_give_back(struct libos *l, unsigned n, L4_Word_t *phys)
{
	unsigned k = 0;
	libos_lock(l);
	libos_age(l);
	for (int s; k < n && (s = victim(l)) >= 0; k++) {
		phys[k] = l->slot[s].phys;
		drop_slot(l, (unsigned)s, true);
	}
	l->given_back += k;
	libos_unlock(l);
	return k;
}

bool libos_give_back_one(struct libos *l, L4_Word_t name)
{
	libos_lock(l);
	bool had = device_drop(l, name);
	l->given_back += had;
	libos_unlock(l);
	return had;
}
