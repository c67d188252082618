#!/usr/bin/env python3
"""Writes the "JMeter" section of docs/benchmarks.md from one run's CSV samples.

  report.py RESULTS.csv BENCH_OUT THREADS DURATION READS MAX_ERROR_PERCENT MAVEN_STATUS

The section goes before "## Replicas" (scripts/bench-replicas.sh keeps everything above that
heading), replacing an earlier "## JMeter" section; machine facts come from BENCH_* variables
(scripts/lib.sh bench_machine_facts).
"""

import csv
import os
import sys


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def summarise(path):
    by_label, first, last = {}, None, None
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            ts, elapsed = int(row["timeStamp"]), int(row["elapsed"])
            first = ts if first is None else min(first, ts)
            last = ts + elapsed if last is None else max(last, ts + elapsed)
            s = by_label.setdefault(row["label"], {"elapsed": [], "errors": 0, "messages": {}})
            s["elapsed"].append(elapsed)
            if row["success"] != "true":
                s["errors"] += 1
                why = row.get("failureMessage") or row.get("responseMessage") or ""
                msg = f"{row['responseCode'][:60]}: {why}"[:140]
                s["messages"][msg] = s["messages"].get(msg, 0) + 1
    wall = max((last or 0) - (first or 0), 1) / 1000
    return by_label, wall


def section(by_label, wall, threads, duration, reads, max_errors, status):
    order = ["register organiser", "create event", "join", "answer", "read event"]
    labels = [l for l in order if l in by_label] + sorted(set(by_label) - set(order))
    total = sum(len(s["elapsed"]) for s in by_label.values())
    errors = sum(s["errors"] for s in by_label.values())
    rate = 100 * errors / total if total else 100.0
    env = os.environ.get
    w = []
    w.append("## JMeter\n")
    w.append("Written by `loadtest/jmeter/run.sh` (`make loadtest-jmeter`, also run by `make bench`): the plan "
             "`loadtest/jmeter/src/test/jmeter/prost.jmx` run by jmeter-maven-plugin 3.7.0 (JMeter 5.5, Debian's "
             "Maven) against a fresh release `prost serve` with the embedded store on 127.0.0.1. Each virtual "
             "user registers once as an organiser; each of its iterations is one event: create it, join it as a "
             f"guest, answer (yes, maybe), then read it {reads} times. Every request asserts its status and what "
             "the body says (the ids it was given, the stored answers, the tally naming who said yes). The per-IP rate limits "
             "are lifted for the run, since every virtual user is 127.0.0.1. JMeter and the server share the "
             "machine's two cores, so these numbers are a floor, and the JVM's CPU is in them.\n")
    w.append(f"- date: {env('BENCH_DATE', 'unknown')}; commit: {env('BENCH_COMMIT', 'unknown')}; "
             f"CPU: {env('BENCH_CPU', 'unknown')} × {env('BENCH_NPROC', '?')}")
    w.append(f"- load: {threads} virtual users, {duration} s, no think time; wall time of the samples {wall:.1f} s")
    w.append(f"- machine load average (1, 5, 15 min) just before the run: {env('BENCH_LOADAVG', 'unknown')}")
    verdict = "passed" if status == 0 and rate <= max_errors else "FAILED"
    w.append(f"- errors: {errors} of {total} samples ({rate:.3f} %); the run fails above {max_errors} %: **{verdict}**\n")
    w.append("| request | samples | errors | per second | p50 ms | p95 ms | p99 ms | max ms |")
    w.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label in labels:
        s = by_label[label]
        v = sorted(s["elapsed"])
        w.append(f"| {label} | {len(v)} | {s['errors']} | {len(v) / wall:.0f} | {percentile(v, 50)} | "
                 f"{percentile(v, 95)} | {percentile(v, 99)} | {v[-1] if v else 0} |")
    allv = sorted(x for s in by_label.values() for x in s["elapsed"])
    w.append(f"| **all** | {total} | {errors} | {total / wall:.0f} | {percentile(allv, 50)} | {percentile(allv, 95)} | "
             f"{percentile(allv, 99)} | {allv[-1] if allv else 0} |\n")
    messages = {}
    for s in by_label.values():
        for m, n in s["messages"].items():
            messages[m] = messages.get(m, 0) + n
    if messages:
        w.append("Failures by message:\n")
        for m, n in sorted(messages.items(), key=lambda kv: -kv[1])[:10]:
            w.append(f"- {n} × `{m}`")
        w.append("")
    w.append("Beside k6 (the Replicas section): k6 drives the HTTP and WebSocket scenarios against the "
             "replicas behind HAProxy; this plan is the single-node request mix of the original idea, "
             "with JMeter's own assertions as the pass/fail gate.\n")
    return "\n".join(w) + "\n"


def splice(path, text):
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except FileNotFoundError:
        lines = ["# Benchmarks", ""]
    start = next((i for i, l in enumerate(lines) if l.rstrip() == "## JMeter"), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        del lines[start:end]
    at = next((i for i, l in enumerate(lines) if l.rstrip() == "## Replicas"), len(lines))
    new = lines[:at] + text.rstrip("\n").split("\n") + [""] + lines[at:]
    with open(path, "w") as f:
        f.write("\n".join(new).rstrip("\n") + "\n")


def main():
    results, out, threads, duration, reads, max_errors, status = sys.argv[1:8]
    by_label, wall = summarise(results)
    text = section(by_label, wall, int(threads), int(duration), int(reads), float(max_errors), int(status))
    splice(out, text)
    print(text)


if __name__ == "__main__":
    main()
