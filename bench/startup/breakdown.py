#!/usr/bin/env python3
# Main-thread CPU by startup step, from the files -Dbench.steps=<file> writes (CpuTimeApplicationStartup).
#
#   bench/startup/breakdown.py [--top N] plain=/tmp/p1.txt,/tmp/p2.txt etcd=/tmp/e1.txt,/tmp/e2.txt
#
# Each step's self time is its CPU time minus that of the steps inside it (both are CPU time of the
# thread that ran the step, in practice the main thread). Per variant the median over its files is
# printed, first by phase, then the N steps (bean names for bean steps) whose median differs most
# between the first and the last variant. A bean counts as "new" when no file of the first variant
# has it; new beans named etcd* or of dev.etcdspring are the starter's, the other new ones Spring
# Cloud's (with the starter, the only other library the etcd variant adds).
import collections
import re
import statistics
import sys


def load(path):
    steps = {}
    for line in open(path):
        parts = line.split()
        if not parts or parts[0] != "STEP":
            continue
        steps[int(parts[1])] = {
            "parent": None if parts[2] == "null" else int(parts[2]),
            "cpu": float(parts[5]),
            "name": parts[6],
            "tags": " ".join(parts[7:]),
        }
    inner = collections.defaultdict(float)
    for step in steps.values():
        if step["parent"] in steps:
            inner[step["parent"]] += step["cpu"]
    for step_id, step in steps.items():
        step["self"] = step["cpu"] - inner[step_id]
    return steps.values()


def bean(step):
    match = re.search(r"beanName=(\S+)", step["tags"])
    return match.group(1) if match else None


def key(step):
    name = bean(step)
    return f"{step['name']} {name}" if name else step["name"]


def phase(step, first_beans):
    name = bean(step)
    if step["name"] == "spring.boot.application.environment-prepared":
        return "environment prepared (config data imports, environment post-processors)"
    if step["name"].startswith("spring.context.config-classes"):
        return "configuration classes parsed, conditions evaluated"
    if step["name"] == "spring.boot.webserver.create":
        return "web server created"
    if name is None:
        return "other steps (refresh, events, post-processors ...)"
    if name in first_beans:
        return "beans the first variant has too"
    if name.startswith("etcd") or "etcdspring" in name:
        return "new beans: the starter's"
    return "new beans: others (Spring Cloud)"


def medians(files, classify):
    values = collections.defaultdict(list)
    for path in files:
        sums = collections.defaultdict(float)
        for step in load(path):
            sums[classify(step)] += step["self"]
        for name, value in sums.items():
            values[name].append(value)
    return {name: statistics.median(v + [0.0] * (len(files) - len(v))) for name, v in values.items()}


def main(args):
    top = 25
    if args[:1] == ["--top"]:
        top = int(args[1])
        args = args[2:]
    variants = [(spec.split("=", 1)[0], spec.split("=", 1)[1].split(",")) for spec in args]
    if len(variants) < 1:
        sys.exit(__doc__ or "usage: breakdown.py [--top N] name=file,file ... [name=file,file ...]")
    first_beans = {bean(step) for path in variants[0][1] for step in load(path)} - {None}
    labels = [name for name, _ in variants]
    by_phase = {name: medians(files, lambda s: phase(s, first_beans)) for name, files in variants}
    by_step = {name: medians(files, key) for name, files in variants}
    print("# main-thread CPU, self time, median ms: " + " | ".join(f"{n} ({len(f)} files)" for n, f in variants))
    phases = sorted({p for m in by_phase.values() for p in m}, key=lambda p: -by_phase[labels[-1]].get(p, 0))
    for name in phases:
        print(" ".join(f"{by_phase[label].get(name, 0):8.0f}" for label in labels), name)
    print(" ".join(f"{sum(by_phase[label].values()):8.0f}" for label in labels), "total inside steps")
    print(f"# the {top} steps whose median differs most, {labels[0]} -> {labels[-1]}")
    names = {n for m in by_step.values() for n in m}
    for name in sorted(names, key=lambda n: -abs(by_step[labels[-1]].get(n, 0) - by_step[labels[0]].get(n, 0)))[:top]:
        print(" ".join(f"{by_step[label].get(name, 0):8.1f}" for label in labels), name)


if __name__ == "__main__":
    main(sys.argv[1:])
