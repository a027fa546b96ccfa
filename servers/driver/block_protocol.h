/* SPDX-License-Identifier: MIT */
/*
 * block_protocol.h: the block protocol of the disk driver
 * (servers/driver/ata.c), spoken with L4_Call. Sectors are 512 bytes and
 * travel through one 4 KiB page the client maps to the driver first.
 *
 *   BLOCK_ATTACH  a map item of the client's buffer page (4 KiB). Reply:
 *                 MR1 = sectors on the disk. A new attach replaces the
 *                 old buffer.
 *   BLOCK_READ    MR1 = first sector (LBA), MR2 = count (1..8): the
 *                 sectors into the buffer. Reply: MR1 = count.
 *   BLOCK_WRITE   the same, from the buffer to the disk (written through
 *                 the drive's cache before the reply).
 *   Anything else, or a bad request: label BLOCK_ERROR, MR1 = the reason.
 */
#pragma once

#define BLOCK_ATTACH      0x4241        /* 'BA' */
#define BLOCK_READ        0x4252        /* 'BR' */
#define BLOCK_WRITE       0x4257        /* 'BW' */
#define BLOCK_ERROR       0x4245        /* 'BE' */
#define BLOCK_MAX_SECTORS 8

#define BLOCK_ERR_LABEL   1             /* unknown request */
#define BLOCK_ERR_RANGE   2             /* count 0 or too big, past the end */
#define BLOCK_ERR_BUFFER  3             /* no buffer attached */
#define BLOCK_ERR_DEVICE  4             /* the drive reported an error */
