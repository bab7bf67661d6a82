#!/usr/bin/env python3
# CPU of one launch over time, by thread group, up to the first HTTP 200 of GET /hello.
#
#   bench/startup/timeline.py [--bucket MS] <classpath-file> [application arguments ...]
#   e.g. bench/startup/timeline.py bench/startup/target/classpath-etcd.txt \
#          --spring.config.import=etcd: --etcd.endpoints=http://127.0.0.1:2379
#
# Launches StartupBenchmarkApplication (JAVA_OPTS goes to java) on a free loopback port and, every
# few milliseconds until the first 200, reads /proc/<pid>/task/*/schedstat: the nanoseconds each
# thread ran and waited runnable for a core. Prints, per bucket (100 ms unless --bucket), the CPU
# of the main thread, the JIT compilers (C2, C1), jetcd/gRPC/Vert.x/starter threads, Tomcat's,
# GC and the rest; the cores' capacity left unused by the process; and how long the main thread
# was runnable but waiting for a core. Then each thread's total. Linux only (schedstat).
import collections
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.request

args = sys.argv[1:]
bucket = 0.1
if args[:1] == ["--bucket"]:
    bucket = float(args[1]) / 1000
    args = args[2:]
if not args:
    sys.exit(__doc__ or "usage: timeline.py [--bucket MS] <classpath-file> [application arguments ...]")
here = os.path.dirname(os.path.abspath(__file__))
classpath = os.path.join(here, "target", "classes") + ":" + open(args[0]).read().strip()
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
command = [os.environ.get("JAVA", "java"), *shlex.split(os.environ.get("JAVA_OPTS", "")), "-cp", classpath,
           "dev.etcdspring.bench.StartupBenchmarkApplication", f"--server.port={port}", *args[1:]]
start = time.monotonic()
process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
answered = []


def poll():
    while not answered and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=1).read()
            answered.append(time.monotonic() - start)
        except OSError:
            time.sleep(0.01)


threading.Thread(target=poll, daemon=True).start()
names = {}
samples = []
while not answered and process.poll() is None and time.monotonic() - start < 60:
    now = time.monotonic() - start
    snapshot = {}
    try:
        tasks = os.listdir(f"/proc/{process.pid}/task")
    except OSError:
        break
    for tid in tasks:
        try:
            # The JVM names some threads after starting them: read names again now and then.
            if tid not in names or len(samples) % 25 == 0:
                names[tid] = open(f"/proc/{process.pid}/task/{tid}/comm").read().strip()
            ran, waited, _ = open(f"/proc/{process.pid}/task/{tid}/schedstat").read().split()
            snapshot[tid] = (int(ran), int(waited), names[tid])
        except OSError:
            pass
    samples.append((now, snapshot))
    time.sleep(0.004)
process.terminate()
process.wait()
if not answered:
    sys.exit("the application never answered (exited or took over 60 s)")
ordered = sorted(names, key=int)
main = ordered[1] if len(ordered) > 1 else ordered[0]   # the launcher's thread, then the JVM's main


def group(tid):
    name = names[tid]
    if tid == main:
        return "main"
    if name.startswith("C2 Compiler"):
        return "C2"
    if name.startswith("C1 Compiler"):
        return "C1"
    if name.startswith(("jetcd", "grpc", "etcd", "vert.x")):
        return "etcd"
    if name.startswith(("http-nio", "Catalina", "container")):
        return "tomcat"
    if name.startswith(("GC ", "G1 ")):
        return "GC"
    return "other"


groups = ["main", "C2", "C1", "etcd", "tomcat", "GC", "other"]
cores = os.cpu_count() or 1
per_bucket = collections.defaultdict(collections.Counter)
previous = {}
for now, snapshot in samples:
    for tid, (ran, waited, _) in snapshot.items():
        last_ran, last_waited = previous.get(tid, (0, 0))
        per_bucket[int(now / bucket)][group(tid)] += ran - last_ran
        if tid == main:
            per_bucket[int(now / bucket)]["wait"] += waited - last_waited
        previous[tid] = (ran, waited)
width = bucket * 1000
print(f"# first 200 after {answered[0] * 1000:.0f} ms; CPU ms per {width:.0f} ms ({cores} cores: {cores * width:.0f})")
print("    ms " + " ".join(f"{g:>6}" for g in groups) + "  total unused main-waiting")
totals = collections.Counter()
for index in sorted(per_bucket):
    counts = per_bucket[index]
    total = sum(counts[g] for g in groups) / 1e6
    totals.update(counts)
    print(f"{index * width:6.0f} " + " ".join(f"{counts[g] / 1e6:6.0f}" for g in groups)
          + f" {total:6.0f} {cores * width - total:6.0f} {counts['wait'] / 1e6:6.0f}")
print("   sum " + " ".join(f"{totals[g] / 1e6:6.0f}" for g in groups)
      + f" {sum(totals[g] for g in groups) / 1e6:6.0f}        {totals['wait'] / 1e6:6.0f}")
print("# by thread: CPU ms, ms runnable waiting for a core")
for tid, (ran, waited, _) in sorted(samples[-1][1].items(), key=lambda item: -item[1][0])[:15]:
    print(f"# {names[tid]:<16} {ran / 1e6:7.0f} {waited / 1e6:7.0f}")
