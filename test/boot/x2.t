#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# x2.t: the X.2 conformance suite (test/x2, test/x2/README.md) booted in
# place of the root task, with sigma0: every check names the manual
# section it checks; all must pass (skips say why in the output).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/test/x2/x2'],
          expect => 'pass', timeout => 120,
          require => [qr/^# x2: \d+ checks, \d+ skipped, 0 failed$/m,
                      qr/^ok \d+ - §2\.3 ExchangeRegisters R: cancels a waiting receive/m,
                      qr/^ok \d+ - §4\.2 Unmap rwx: the derived mapping is gone/m,
                      qr/^ok \d+ - §5\.7 absolute receive timeout/m,
                      qr/^ok \d+ - §7\.5 \/ A\.8 exception: label -5/m,
                      qr/^ok \d+ - E\.2 Simple Module records/m,
                      qr/^ok \d+ - §2\.4 migration: it runs in the new space/m,
                      qr/^ok \d+ - §3\.5 total quantum: its exhaustion is an RPC/m,
                      qr/^ok \d+ - §5\.7 propagation: the ActualSender TCR/m,
                      qr/^ok \d+ - §5\.7 redirection: the IntendedReceiver TCR/m]);
