"""Django as the benchmarks run it: production's debug off (no query log, no
template debug) over the test settings' self-contained services. A script
imports this first: `import django_setup` (it puts the repository on the path)."""

import contextlib
import os
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()


@contextlib.contextmanager
def bench_database(kept_name: str = ""):
    """A throwaway test database for one benchmark run, removed afterwards:
    on SQLite a file (like production's, not the in-memory test default).
    With BENCH_KEEP_DB=1 it is kept, and the next run with it set reuses it
    (a script then skips what it built before: the large builds take minutes),
    one database per `kept_name` (e.g. the class size)."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    warnings.filterwarnings("ignore", message="No directory at")
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    sqlite_file = None
    if connection.vendor == "sqlite" and keep:
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(tempfile.gettempdir()) / f"casebook-bench-kept{kept_name}.sqlite3")
    elif keep:
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_kept{kept_name}"
    elif connection.vendor == "sqlite":
        sqlite_file = Path(tempfile.mkdtemp(prefix="casebook-bench-")) / "bench.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(sqlite_file)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        yield connection.vendor
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if sqlite_file is not None and not keep:
            for leftover in sqlite_file.parent.glob("*"):
                leftover.unlink()
            sqlite_file.parent.rmdir()
