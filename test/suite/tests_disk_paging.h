/* SPDX-License-Identifier: MIT */
/*
 * tests_disk_paging.h: the paging pager with the disk as its backing
 * store (tests_disk_paging.c); run from the disk table after the driver
 * has been found.
 */
#pragma once
#include <stdbool.h>

bool test_disk_paging(void);
bool test_disk_paging_io_error(void);
