"""A class logging in together: COUNT logins spread evenly over SECONDS, against 127.0.0.1 only.

Each login is what a browser does: GET the login page (csrftoken cookie), POST
the form, expect the 302. Logins start on schedule (open loop: a slow server
does not slow the arrivals), each in one of --threads threads, each request
with a 30 s timeout; nothing is started after SECONDS and the run ends at
SECONDS + 60 at the latest. Writes one row per login to --out and a summary
(began, ended, p50/p95/p99 of the POST, failures, logins per minute) to
--summary, which bench/steady.py --rush reads to compare the signed-in users'
pages before and during the rush.

    bench/.venv/bin/python bench/logins.py --port 8040 --accounts accounts.json --first 300 \\
        --count 2000 --seconds 600 --password bench-student-password --out rush.csv --summary rush.json
"""

import argparse
import json
import math
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(base: str, username: str, password: str) -> tuple[float, float, str]:
    """One browser login; (GET ms, POST ms, outcome: "ok" or what went wrong)."""
    session = requests.Session()
    try:
        began = time.perf_counter()
        page = session.get(base + "/accounts/login/", timeout=30, allow_redirects=False)
        got = time.perf_counter()
        if page.status_code != 200:
            return 1000 * (got - began), 0.0, f"login page {page.status_code}"
        token = session.cookies.get("csrftoken", "")
        response = session.post(base + "/accounts/login/", timeout=30, allow_redirects=False,
                                data={"username": username, "password": password, "next": "",
                                      "csrfmiddlewaretoken": token},
                                headers={"X-CSRFToken": token, "Referer": base + "/accounts/login/"})
        posted = time.perf_counter()
        outcome = "ok" if response.status_code == 302 else f"log in {response.status_code}"
        return 1000 * (got - began), 1000 * (posted - got), outcome
    except requests.RequestException as error:
        return 0.0, 0.0, type(error).__name__
    finally:
        session.close()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, math.ceil(q * len(values)) - 1)] if values else float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--accounts", required=True, help="load.sh's accounts JSON")
    parser.add_argument("--first", type=int, default=0, help="first student (index) to log in")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--password", required=True)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--out", required=True)
    parser.add_argument("--summary", required=True)
    args = parser.parse_args(argv)
    students = json.load(open(args.accounts))["students"][args.first:args.first + args.count]
    if len(students) < args.count:
        sys.exit(f"logins.py: only {len(students)} accounts from {args.first}; {args.count} wanted")
    base = f"http://127.0.0.1:{args.port}"  # loopback only, whatever else is configured
    interval = args.seconds / args.count
    results: list[tuple] = []
    lock = threading.Lock()

    def one(number: int, due: float):
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if time.monotonic() > deadline:
            return
        get_ms, post_ms, outcome = log_in(base, students[number], args.password)
        with lock:
            results.append((time.time(), students[number], get_ms, post_ms, outcome))

    began_wall, began = time.time(), time.monotonic()
    deadline = began + args.seconds + 60
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        for number in range(args.count):
            due = began + number * interval
            while time.monotonic() < due - 1:  # submit a little ahead, so the pool's queue stays short
                time.sleep(min(1, due - 1 - time.monotonic()))
            pool.submit(one, number, due)
    ended_wall = time.time()
    with open(args.out, "w") as out:
        out.write("time,username,login_page_ms,log_in_ms,outcome\n")
        for row in sorted(results):
            out.write("{:.3f},{},{:.1f},{:.1f},{}\n".format(*row))
    ok = [r[3] for r in results if r[4] == "ok"]
    failures = {}
    for r in results:
        if r[4] != "ok":
            failures[r[4]] = failures.get(r[4], 0) + 1
    summary = {"began": began_wall, "ended": ended_wall, "wanted": args.count, "done": len(results),
               "ok": len(ok), "failures": failures, "seconds": round(ended_wall - began_wall, 1),
               "logins_per_minute": round(60 * len(ok) / max(ended_wall - began_wall, 1e-9), 1),
               "log_in_p50_ms": round(percentile(ok, 0.5)), "log_in_p95_ms": round(percentile(ok, 0.95)),
               "log_in_p99_ms": round(percentile(ok, 0.99)), "log_in_max_ms": round(max(ok, default=0))}
    with open(args.summary, "w") as f:
        json.dump(summary, f, indent=1)
    print(f"login rush: {summary['ok']} of {args.count} logins in {summary['seconds']} s "
          f"({summary['logins_per_minute']} a minute); log in POST p50 {summary['log_in_p50_ms']} ms, "
          f"p95 {summary['log_in_p95_ms']} ms, p99 {summary['log_in_p99_ms']} ms; failures {failures or 0}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
