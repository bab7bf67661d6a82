#!/usr/bin/env python3
"""CPU time by thread at the first 200, medians per variant, from the files that
bench/startup/run.sh writes with BENCH_THREADS=<dir> (one file per launch, "cpu-ms tid name" a line).

    bench/startup/threads.py <dir>

Threads are grouped by name with pool and thread numbers left out (grpc-nio-worker-ELG-1-2 and
grpc-nio-worker-ELG-1-3 are one group, like the C2 compiler threads); a group's figure per launch is
the sum over its threads, and the table shows the median over a variant's launches. Linux truncates
thread names to 15 characters.
"""

import collections
import os
import re
import statistics
import sys


def group(name):
    if name.startswith('C1 CompilerThre') or name.startswith('C2 CompilerThre'):
        return name[:2] + ' compiler'
    if name.startswith('GC Thread') or name.startswith('G1 '):
        return 'GC'
    return re.sub(r'[-#]?\d+', '', name).rstrip('-')


def main(directory):
    launches = collections.defaultdict(list)
    for file in sorted(os.listdir(directory)):
        match = re.match(r'(.+)-(\d+)\.txt$', file)
        if not match:
            continue
        groups = collections.Counter()
        with open(os.path.join(directory, file)) as lines:
            for line in lines:
                if line.startswith('#'):
                    continue
                cpu, _, name = line.rstrip('\n').split(' ', 2)
                groups[group(name)] += int(cpu)
        launches[match.group(1)].append(groups)
    variants = list(launches)
    names = sorted({name for runs in launches.values() for groups in runs for name in groups},
                   key=lambda name: -max(statistics.median(groups[name] for groups in launches[v]) for v in variants))
    print('%-24s' % 'thread (median ms)' + ''.join('%12s' % ('%s (%d)' % (v, len(launches[v]))) for v in variants))
    for name in names:
        medians = [statistics.median(groups[name] for groups in launches[v]) for v in variants]
        if max(medians) > 0:
            print('%-24s' % name + ''.join('%12d' % m for m in medians))
    totals = [statistics.median(sum(groups.values()) for groups in launches[v]) for v in variants]
    print('%-24s' % 'all threads' + ''.join('%12d' % t for t in totals))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
