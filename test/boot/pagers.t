#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# pagers.t: the pager suite (servers/pager) booted in place of the root
# task: demand-zero, copy-on-write, paging under a memory limit, a pager
# hierarchy, refused faults, a pager that dies.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/pager/pagers'],
          expect => 'pass', timeout => 60,
          require => [# fault_outside_regions: logged by the pager, then an error for the client
                      qr/^pager refusing: thread \w+: read at 50000010 .* outside every region/m,
                      qr/^pager refusing: thread \w+: write at 41000008 .* beyond the region's rights/m,
                      # map_unheld: said by the pager and by the kernel
                      qr/^pager careless: reply to \w+ failed \(ErrorCode 8\)/m,
                      qr/stopped: fault, and its pager's map item named a page the pager does not hold at 0x40000000/,
                      # pager_dies: the kernel stops both clients, at the addresses they touched
                      qr/stopped: page fault, and no pager to resolve it at 0x40005000(?s:.*)stopped: page fault, and no pager to resolve it at 0x40006000/]);
