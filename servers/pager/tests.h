/* SPDX-License-Identifier: MIT */
/*
 * tests.h: the pager suite's tables, pools and addresses.
 */
#pragma once
#include "client.h"
#include "pool.h"
#include "store.h"

/* In the root task's space: */
#define POOL_AREA       0x60000000UL    /* frames from sigma0 */
#define POOL_PAGES      64
#define LIMIT_AREA      0x61000000UL    /* the paging pager's few frames */
#define LIMIT_PAGES     4
#define STORE_AREA      0x62000000UL    /* the in-memory backing store */
#define STORE_PAGES     64
/* In client spaces: */
#define DZ_AREA         0x40000000UL
#define RO_AREA         0x41000000UL
#define UNTOUCHED_SRC   0x70000000UL    /* in the pagers' own space: never touched */
#define GUARD_TOP       0x50100000UL    /* a stack's top above a guard page: no region */
#define COW_AREA        0x42000000UL
#define PAGING_AREA     0x43000000UL
/* In the spaces of pagers below another: */
#define MID_POOL_AREA   0x63000000UL
#define LOW_POOL_AREA   0x64000000UL

extern struct pool pool;                /* POOL_AREA */
extern struct pool limit_pool;          /* LIMIT_AREA */
extern struct mem_store mem_store;      /* STORE_AREA */

bool pager_tests_setup(void);
extern const struct test pager_tests[];

/* The tests, by file. */
bool test_demand_zero(void);            /* tests_anon.c */
bool test_fault_outside_regions(void);
bool test_map_unheld(void);
bool test_fault_keeps_state(void);
bool test_pager_dies(void);
bool test_copy_on_write(void);          /* tests_cow.c */
bool test_paging(void);                 /* tests_paging.c */
bool test_hierarchy(void);              /* tests_hierarchy.c */

/* A pager for one test: regions added by the test, start requests
 * answered, the image shared; its thread in this space. */
L4_ThreadId_t test_pager_start(struct pager *p, const char *name);
void test_pager_stop(L4_ThreadId_t t);
