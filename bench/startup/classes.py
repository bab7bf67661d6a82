#!/usr/bin/env python3
"""Classes loaded by each thread up to the first 200, from one launch of bench/startup/run.sh with

    BENCH_THREADS=/tmp/threads JAVA_OPTS=-Xlog:class+load:file=/tmp/cl-%p.txt:uptime,tid bench/startup/run.sh -n 1 -w 0
    bench/startup/classes.py /tmp/threads/etcd-0.txt [top]

The threads file names the process (its "# pid" line), so the class log is /tmp/cl-<pid>.txt unless a
second argument names it. For each thread (by the name it had at the first 200; threads that ended
before show as their id) it prints the number of classes it loaded, its CPU time, and the packages it
loaded most from (the first three name segments; lambdas and generated classes by their host class).
Only classes loaded up to the first 200 count: the log goes on while the process is stopped.
"""

import collections
import re
import sys


def main(threads_file, log_file=None, top=12):
    names = {}
    cpu = {}
    pid = None
    until = None
    with open(threads_file) as lines:
        for line in lines:
            if line.startswith('# pid '):
                header = line.split()
                pid = header[2]
                until = int(header[4]) / 1000
                continue
            ms, tid, name = line.rstrip('\n').split(' ', 2)
            names[tid] = name
            cpu[tid] = int(ms)
    log_file = log_file or '/tmp/cl-%s.txt' % pid
    loaded = collections.Counter()
    packages = collections.defaultdict(collections.Counter)
    entry = re.compile(r'\[([\d.]+)s\]\[(\d+)\] (\S+) source')
    with open(log_file) as lines:
        for line in lines:
            match = entry.match(line)
            if not match:
                continue
            uptime, tid, name = float(match.group(1)), match.group(2), match.group(3)
            if uptime > until:
                # JVM uptime starts a little after the launch: this keeps a few ms past the 200
                break
            thread = names.get(tid, tid)
            loaded[thread] += 1
            host = re.sub(r'(\$\$Lambda|\$Proxy|LambdaForm\$).*', '', name)
            packages[thread]['.'.join(host.split('.')[:3])] += 1
    for thread, count in loaded.most_common():
        tids = [tid for tid, name in names.items() if name == thread]
        thread_cpu = sum(cpu[tid] for tid in tids) if tids else '?'
        print('%-24s %6d classes, %s ms of CPU' % (thread, count, thread_cpu))
        for package, n in packages[thread].most_common(top):
            print('    %6d %s' % (n, package))


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    log = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].isdigit() else None
    count = int(sys.argv[-1]) if sys.argv[-1].isdigit() and len(sys.argv) > 2 else 12
    main(sys.argv[1], log, count)
