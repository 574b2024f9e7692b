"""What a login costs: CPU milliseconds per password hash, for production's hashers.

Times check_password (what a login does) with config/hashers.py's Argon2id
and, for comparison, Django's default PBKDF2 (1,500,000 iterations), and
Argon2id at a few other strengths, in this process's CPU time (not wall time:
the machine is shared). Then hashes from several threads at once, with
PASSWORD_HASHING_CONCURRENCY 1 and unbounded, to show the bound: the same
CPU per hash, but only one hash at a time per process.

    .venv/bin/python bench/hashers.py              # 20 hashes each
    .venv/bin/python bench/hashers.py --runs 50
"""

import argparse
import statistics
import threading
import time

import django_setup  # noqa: F401  (Django set up, the repository on the path)
from argon2 import PasswordHasher, Type
from django.contrib.auth import hashers
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings

from config.hashers import Argon2PasswordHasher

PASSWORD = "a-student-password-2008"
PRODUCTION = ["config.hashers.Argon2PasswordHasher", "config.hashers.PBKDF2PasswordHasher"]


def cpu_ms(work, runs: int) -> tuple[float, float]:
    """Median CPU ms and wall ms per call."""
    work()
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        work()
        cpu.append(1000 * (time.process_time() - c))
        wall.append(1000 * (time.perf_counter() - w))
    return statistics.median(cpu), statistics.median(wall)


class CountedArgon2(Argon2PasswordHasher):
    """Production's Argon2id, counting the hashes that run at the same moment."""

    lock = threading.Lock()
    running = most = 0

    def verify(self, password, encoded):
        return self._bounded(self._counted, password, encoded)

    def _counted(self, password, encoded):
        cls = type(self)
        with cls.lock:
            cls.running += 1
            cls.most = max(cls.most, cls.running)
        try:
            return hashers.Argon2PasswordHasher.verify(self, password, encoded)
        finally:
            with cls.lock:
                cls.running -= 1


def at_once(threads: int, concurrency: int, encoded: str) -> tuple[float, int]:
    """Wall seconds for `threads` password checks at once, and the most hashes seen running together."""
    CountedArgon2.most = 0
    with override_settings(PASSWORD_HASHERS=["__main__.CountedArgon2"], PASSWORD_HASHING_CONCURRENCY=concurrency):
        workers = [threading.Thread(target=check_password, args=(PASSWORD, encoded)) for _ in range(threads)]
        began = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        return time.perf_counter() - began, CountedArgon2.most


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with override_settings(PASSWORD_HASHERS=PRODUCTION):
        argon2 = make_password(PASSWORD)
        pbkdf2 = make_password(PASSWORD, hasher="pbkdf2_sha256")
        print(f"{'hash (a login checks one)':<48}{'CPU ms':>8}{'wall ms':>9}{'logins/min per core':>21}")
        rows = [("Argon2id m=64 MiB t=2 p=1 (production)", lambda: check_password(PASSWORD, argon2)),
                ("PBKDF2-SHA256 1,500,000 (Django's default)", lambda: check_password(PASSWORD, pbkdf2))]
        for label, memory, passes in [("Argon2id m=19 MiB t=2 p=1 (OWASP's floor)", 19456, 2),
                                      ("Argon2id m=64 MiB t=3 p=1", 65536, 3)]:
            other = PasswordHasher(time_cost=passes, memory_cost=memory, parallelism=1, type=Type.ID)
            digest = other.hash(PASSWORD)
            rows.append((label, lambda other=other, digest=digest: other.verify(digest, PASSWORD)))
        for label, work in rows:
            cpu, wall = cpu_ms(work, args.runs if "PBKDF2" not in label else max(3, args.runs // 5))
            print(f"{label:<48}{cpu:>8.0f}{wall:>9.0f}{60_000 / cpu:>21.0f}")
        print("\n8 logins at once in one process (threads), production's Argon2id:")
        for concurrency in (1, 8):
            seconds, most = at_once(8, concurrency, argon2)
            print(f"  PASSWORD_HASHING_CONCURRENCY={concurrency}: {seconds * 1000:.0f} ms wall, "
                  f"at most {most} hashing at once")


if __name__ == "__main__":
    main()
