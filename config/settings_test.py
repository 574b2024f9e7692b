"""Test settings: the real settings with fast, self-contained services."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Production's filters, no console output.
LOGGING = {**LOGGING, "handlers": {}, "root": {"level": "WARNING"}}  # noqa: F405

# FSRS spreads review intervals at random by default; tests check exact days.
REVIEW_FUZZING = False

# SQLite: a file, not Django's shared in-memory database. The browser tests'
# live server answers from several threads at once, and shared-cache SQLite
# refuses a reader while another thread writes ("table is locked"), which
# made those tests flaky; a file database waits for the lock instead.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"casebook-test-{os.getpid()}.sqlite3"),  # noqa: F405
    }
