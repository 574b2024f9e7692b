"""Percentiles of a load test over its steady state only, from the locustfile's request log.

Locust's own summary mixes the ramp (every user logging in and opening the
outline at once) into the run's percentiles, and its history is in 10-second
windows. bench/locustfile.py writes one row per request (BENCH_REQUEST_LOG:
time, page, ms, failed, users); this computes exact p50/p95/p99 and errors
over a stretch of it (nearest rank):

    steady.py LOG --schedule S.json [--settle 90]   # from the end of the ramp (+ settle) to the end
    steady.py LOG --schedule S.json --steps         # each step of a stepped run; the largest that holds
    steady.py LOG --schedule S.json --rush R.json   # signed-in users before the login rush vs. during it
    steady.py LOG --window FROM TO                  # any stretch (Unix times)

The goal a stretch "holds": all pages p95 under --p95-goal ms (300) and no errors.
"""

import argparse
import csv
import json
import math
import sys
from collections import defaultdict


def read_log(path: str) -> list[tuple[float, str, float, bool]]:
    with open(path) as f:
        return [(float(t), name, float(ms), failed == "1") for t, name, ms, failed, _users in csv.reader(f)]


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def summarise(rows, start: float, end: float) -> dict:
    """Per page and for all pages: requests, errors, rps, p50/p95/p99 and max over [start, end)."""
    pages = defaultdict(list)
    errors = defaultdict(int)
    for t, name, ms, failed in rows:
        if start <= t < end:
            pages[name].append(ms)
            pages["all pages"].append(ms)
            errors[name] += failed
            errors["all pages"] += failed
    seconds = max(end - start, 1e-9)
    out = {}
    for name, values in pages.items():
        values.sort()
        out[name] = {"requests": len(values), "errors": errors[name], "rps": len(values) / seconds,
                     "p50": percentile(values, 0.5), "p95": percentile(values, 0.95),
                     "p99": percentile(values, 0.99), "max": values[-1]}
    return out


def holds(summary: dict, goal: float) -> bool:
    total = summary.get("all pages")
    return bool(total) and total["errors"] == 0 and total["p95"] < goal


def ramp_left(rows, start: float, end: float, label: str) -> None:
    """Warn when users were still logging in during a window: the ramp's backlog of logins
    (each one an Argon2id hash) had not cleared, so the window is not steady yet."""
    logins = sum(1 for t, name, *_ in rows if start <= t < end and name == "POST log in")
    if logins:
        print(f"   note: {logins} simulated users logged in during {label}: the ramp's logins had not all "
              "been served yet; a longer BENCH_SETTLE gives a steadier window")


def print_table(title: str, summary: dict, seconds: float) -> None:
    print(f"\n{title} ({seconds:.0f} s)")
    print(f"{'page':<28}{'requests':>9}{'errors':>7}{'rps':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    names = sorted(n for n in summary if n != "all pages") + (["all pages"] if "all pages" in summary else [])
    for name in names:
        r = summary[name]
        print(f"{name:<28}{r['requests']:>9}{r['errors']:>7}{r['rps']:>7.1f}{r['p50']:>8.0f}{r['p95']:>8.0f}"
              f"{r['p99']:>8.0f}{r['max']:>8.0f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--schedule", help="the locustfile's BENCH_SCHEDULE file")
    parser.add_argument("--settle", type=float, default=0, help="seconds after the ramp left out (plain runs)")
    parser.add_argument("--steps", action="store_true")
    parser.add_argument("--rush", help="bench/logins.py's summary JSON")
    parser.add_argument("--window", nargs=2, type=float, metavar=("FROM", "TO"))
    parser.add_argument("--p95-goal", type=float, default=300)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    rows = read_log(args.log)
    if not rows:
        print("no requests logged", file=sys.stderr)
        return 1
    schedule = json.load(open(args.schedule)) if args.schedule else {}
    last = max(t for t, *_ in rows)
    figures = {}
    if args.steps:
        print(f"\nstepped run: steady window of each step; goal: all pages p95 < {args.p95_goal:.0f} ms, 0 errors")
        print(f"{'students':>9}{'users':>7}{'seconds':>8}{'requests':>9}{'rps':>7}{'p50 ms':>8}{'p95 ms':>8}"
              f"{'p99 ms':>8}{'errors':>7}  goal")
        best = None
        figures["steps"] = []
        for step in schedule["steps"]:
            s = summarise(rows, step["from"], step["to"]).get("all pages")
            if not s:
                print(f"{step['students']:>9}{step['users']:>7}  no requests in the steady window")
                continue
            ok = holds({"all pages": s}, args.p95_goal)
            print(f"{step['students']:>9}{step['users']:>7}{step['to'] - step['from']:>8.0f}{s['requests']:>9}"
                  f"{s['rps']:>7.1f}{s['p50']:>8.0f}{s['p95']:>8.0f}{s['p99']:>8.0f}{s['errors']:>7}  "
                  f"{'holds' if ok else 'MISSED'}")
            ramp_left(rows, step["from"], step["to"], f"the window of {step['students']} students")
            figures["steps"].append({**step, **s, "holds": ok})
            if not ok:
                break  # a larger step that happens to pass after a failed one is no capacity
            best = step["students"]
        print(f"largest step that holds: {f'{best} students' if best is not None else 'none'}")
        figures["largest"] = best
    elif args.rush:
        rush = json.load(open(args.rush))
        before = (schedule["spawned"] + args.settle, rush["began"])
        during = (rush["began"], rush["ended"])
        b, d = summarise(rows, *before), summarise(rows, *during)
        print(f"\nsigned-in users' pages before the login rush ({before[1] - before[0]:.0f} s) and during it "
              f"({during[1] - during[0]:.0f} s), milliseconds")
        group = f"{'requests':>9}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>7}"
        print(f"{'':<28}{'before the rush':^{len(group)}}  |{'during the rush':^{len(group)}}")
        print(f"{'page':<28}{group}  |{group}")

        def cells(r):
            if not r:
                return f"{'-':>9}{'-':>7}{'-':>7}{'-':>7}{'-':>7}"
            return f"{r['requests']:>9}{r['p50']:>7.0f}{r['p95']:>7.0f}{r['p99']:>7.0f}{r['errors']:>7}"

        for name in sorted(set(b) | set(d), key=lambda n: (n == "all pages", n)):
            print(f"{name:<28}{cells(b.get(name))}  |{cells(d.get(name))}")
        ramp_left(rows, *before, "the stretch before the rush")
        for label, s in (("before", b), ("during", d)):
            print(f"goal (all pages p95 < {args.p95_goal:.0f} ms, 0 errors) {label} the rush: "
                  f"{'holds' if holds(s, args.p95_goal) else 'MISSED'}")
        figures = {"before": b, "during": d}
    else:
        if args.window:
            start, end = args.window
        else:
            start, end = schedule["spawned"] + args.settle, last
        summary = summarise(rows, start, end)
        print_table(f"steady state, from the end of the ramp + {args.settle:.0f} s to the end", summary, end - start)
        verdict = "holds" if holds(summary, args.p95_goal) else "MISSED"
        print(f"goal (all pages p95 < {args.p95_goal:.0f} ms, 0 errors): {verdict}")
        ramp_left(rows, start, end, "the steady state")
        figures = summary
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
