"""Password hashers that bound how many hashes one worker process runs at once.

A login costs one password hash, on purpose slow (Argon2id here: about 85 ms of
CPU, see README.md "Sizing" and bench/README.md "Password hashing"). When a class of students logs in together,
a gunicorn worker with several threads would otherwise hash in every thread at
once: the CPU goes to hashing and the students already signed in wait behind it.

So every hash (checking a password, setting one, the dummy hash for an unknown
username, a rehash on upgrade) takes one of PASSWORD_HASHING_CONCURRENCY slots
of its process first, a semaphore. Further logins queue for a slot, while the
worker's other threads keep serving pages: argon2-cffi and hashlib release the
GIL while they hash, and a waiting thread holds nothing but its place in the
queue. With gunicorn's threaded workers (`--threads`), at most workers x slots
hashes run on a node at once, and the rest of its CPU stays for pages.

The bound is per process, not per node or cluster: a lock shared across
processes would cost a round trip per login and buy nothing, since each
process's share of the CPU is what it is protecting.
"""

import threading

from django.conf import settings
from django.contrib.auth import hashers

_semaphores: dict[int, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()
_holding = threading.local()


def hashing_slots() -> threading.BoundedSemaphore:
    """This process's semaphore for the configured number of concurrent hashes."""
    size = settings.PASSWORD_HASHING_CONCURRENCY
    with _semaphores_lock:
        if size not in _semaphores:
            _semaphores[size] = threading.BoundedSemaphore(size)
        return _semaphores[size]


class BoundedHashingMixin:
    """Runs encode() and verify() in one of the process's hashing slots.

    Re-entrant per thread: PBKDF2's verify() calls encode(), and it must not
    wait for a second slot while it holds the first.
    """

    def _bounded(self, work, *args, **kwargs):
        if getattr(_holding, "slot", False):
            return work(*args, **kwargs)
        with hashing_slots():
            _holding.slot = True
            try:
                return work(*args, **kwargs)
            finally:
                _holding.slot = False

    def encode(self, *args, **kwargs):
        return self._bounded(super().encode, *args, **kwargs)

    def verify(self, *args, **kwargs):
        return self._bounded(super().verify, *args, **kwargs)

    def harden_runtime(self, *args, **kwargs):
        return self._bounded(super().harden_runtime, *args, **kwargs)


class Argon2PasswordHasher(BoundedHashingMixin, hashers.Argon2PasswordHasher):
    """Argon2id, 64 MiB, 2 passes, 1 lane: about 85 ms of CPU per hash on the
    2-core bench machine (bench/hashers.py measures it). Above OWASP's floor
    (19 MiB, 2 passes) in memory, the cost a GPU attacker pays per guess;
    one lane, so a hash uses one core and the bound above counts cores."""

    time_cost = 2
    memory_cost = 65536  # KiB
    parallelism = 1


class PBKDF2PasswordHasher(BoundedHashingMixin, hashers.PBKDF2PasswordHasher):
    """Django's default (1,500,000 iterations, about 400 ms of CPU here), kept to
    check the passwords set before Argon2; a successful login rehashes them."""
