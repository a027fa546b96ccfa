#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# qemu_outcomes.t: the harness judged against itself in QEMU. Images that
# panic, hang or fail must give failed checks when a pass is expected; a hung
# boot is killed at its deadline, promptly; test=all passes every check.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib";
use BootTest;
use Test::More;
use Time::HiRes qw(time);

sub failed { map { $_->[1] } grep { !$_->[0] } @_ }

my @c = evaluate(name => 'harness_all', args => 'test=all');
ok(@c >= 10, 'test=all gives the guest results and the host checks');
is_deeply([failed(@c)], [], 'test=all passes every check');

@c = evaluate(name => 'harness_panic', args => 'test=panic', expect => 'pass');
ok(failed(@c) > 0, 'a panic fails a boot that should pass');
ok((grep { $_ eq 'output lacks /PANIC/' } failed(@c)), '... through the forbidden "PANIC"');
ok(!(grep { !$_->[0] } evaluate(name => 'harness_panic_expected', args => 'test=panic',
                                  expect => 'panic')), '... and passes when a panic is expected');

my $t0 = time;
@c = evaluate(name => 'harness_hang', args => 'test=hang', expect => 'pass', timeout => 5);
my $took = time - $t0;
ok(failed(@c) > 0, 'a hang fails a boot that should pass');
ok((grep { $_ eq 'finished within 5 s' } failed(@c)), '... as not finished within its 5 s');
ok($took >= 4.5 && $took < 12, sprintf('... killed at the deadline (took %.1f s)', $took));

@c = evaluate(name => 'harness_unknown', args => 'test=no_such_test');
ok(failed(@c) > 0, 'an unknown test name fails');

@c = evaluate(name => 'harness_require', args => 'test=console_burst',
              require => [qr/^this line is never printed$/m]);
is_deeply([failed(@c)], ['output has /^this line is never printed$/'],
          'a missing required line fails exactly that check');

@c = evaluate(name => 'harness_forbid', args => 'test=console_burst',
              forbid => ['serial-burst 17']);
is_deeply([failed(@c)], ['output lacks /serial-burst 17/'],
          'a forbidden line fails exactly that check');

@c = evaluate(name => 'harness_wrong_expect', args => 'test=all', expect => 'fail');
ok(failed(@c) > 0, 'a passing boot fails where a clean failure is expected');

done_testing();
