#!/usr/bin/env python3
# JIT compile time by package and tier, from JFR recordings of launches of two variants.
#
#   JAVA_OPTS_plain="-XX:StartFlightRecording=filename=/tmp/p1.jfr,settings=default,jdk.Compilation#threshold=0ms" \
#     bench/startup/run.sh -n 1 -w 0 plain=bench/startup/target/classpath-plain.txt     # and so on per file
#   bench/startup/compilations.py [--top N] plain=/tmp/p1.jfr,/tmp/p2.jfr etcd=/tmp/e1.jfr,/tmp/e2.jfr
#
# Reads the jdk.Compilation events (`jfr print`, from the JDK's bin) of each recording; per variant the
# mean over its files of each package's compile time (classes of a few large packages are split one level
# deeper) is printed per tier, first the totals, then the N packages (15) whose time differs most from the
# first variant to the last. The recording runs until the process stops, shortly after the first 200.
import collections
import re
import subprocess
import sys

UNITS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}
DEEPER = ("org.springframework", "jdk.internal", "io.grpc", "io.netty", "io.etcd", "com.google", "dev.etcdspring",
          "org.apache")


def package(method):
    owner = method.split("(")[0].rsplit(".", 1)[0]
    parts = owner.split(".")
    depth = 4 if owner.startswith(DEEPER) else 2
    return ".".join(parts[:depth])


def load(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.Compilation", path], check=True, capture_output=True,
                          text=True).stdout
    times = collections.Counter()
    for event in text.split("jdk.Compilation {")[1:]:
        duration = re.search(r"duration = ([\d.]+) (ns|us|ms|s)\b", event)
        method = re.search(r"method = (.*)", event)
        tier = re.search(r"compileLevel = (\d)", event)
        if duration and method and tier:
            times[(int(tier.group(1)), package(method.group(1).strip()))] += float(duration.group(1)) * UNITS[
                duration.group(2)]
    return times


args = sys.argv[1:]
top = 15
if args[:1] == ["--top"]:
    top = int(args[1])
    args = args[2:]
variants = []
for spec in args:
    name, files = spec.split("=", 1)
    loaded = [load(path) for path in files.split(",")]
    mean = collections.Counter()
    for times in loaded:
        for key, value in times.items():
            mean[key] += value / len(loaded)
    variants.append((name, mean))
if len(variants) < 2:
    sys.exit("usage: compilations.py [--top N] name=file.jfr[,file.jfr ...] name=file.jfr[,...]")
names = [name for name, _ in variants]
print("# compile time, ms, mean per launch: " + " | ".join(names))
tiers = sorted({tier for _, mean in variants for tier, _ in mean})
for tier in tiers:
    print(f"tier {tier}: " + " ".join(f"{sum(v for (t, _), v in mean.items() if t == tier):8.0f}"
                                     for _, mean in variants))
print(f"all:    " + " ".join(f"{sum(mean.values()):8.0f}" for _, mean in variants))
first, last = variants[0][1], variants[-1][1]
print(f"# the {top} packages whose compile time differs most, {names[0]} -> {names[-1]} (tier package ms ...)")
for key in sorted(set(first) | set(last), key=lambda k: -(last[k] - first[k]))[:top]:
    print(f"{key[0]} {key[1]:<52} " + " ".join(f"{mean[key]:7.1f}" for _, mean in variants)
          + f" {last[key] - first[key]:+7.1f}")
