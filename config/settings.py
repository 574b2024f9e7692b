"""Casebook settings: one module, driven by DJANGO_* environment variables.

Development defaults are safe to run locally; with DJANGO_DEBUG off the
secret key must come from the environment. `.env.example` lists every variable.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "core.apps.CasebookAdminConfig",  # django.contrib.admin, for administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "markdownx",
    "axes",
    "core",
    "django_tasks_db",  # the database backend of django.tasks (used when DJANGO_TASKS_BACKEND=database)
    "lessons",
    "quizzes",
    "review",
    "dashboard",
    "lti_tool",  # django-lti: LTI 1.3 registrations, deployments, keys, launch records
    "lti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lti.middleware.LtiCookieMiddleware",  # outside the session and CSRF middleware: sees their cookies
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.FormCharsetMiddleware",  # runs before the CSRF check reads the body
    "config.middleware.NulCharacterMiddleware",  # after it: reads the body only once its charset is known good
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "lti.middleware.LtiFrameMiddleware",  # last: marks the response before the CSP and X-Frame-Options headers
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]

# Login rate limiting (django-axes). A class often sits behind one school
# address, so the lock is on username *and* address: one student's mistakes
# never lock out their classmates, and guessing one account's password from
# one place is slowed to five tries per cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_VERBOSE = False

# How many proxies in front of the app servers append to X-Forwarded-For (nginx
# with $proxy_add_x_forwarded_for is one). The client's address, for the login
# and join-code limits, is the entry that many from the right; 0 ignores the
# header and uses the connection's address. Never set it higher than the
# proxies really there, or clients choose their own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# Join codes: wrong codes are counted in the cache per account and per address
# (a sign-up with a code counts for its address). The limit-th wrong code
# pauses joining from that account or address for the cool-off. The address
# limit is higher because a lecture hall can share one school address; right
# codes are not counted (and do not reset the count, or a student who knows one
# code could guess without end).
JOIN_FAILURE_LIMIT = int(os.environ.get("DJANGO_JOIN_FAILURE_LIMIT", "10"))
JOIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_JOIN_ADDRESS_FAILURE_LIMIT", "50"))
JOIN_COOLOFF = datetime.timedelta(minutes=int(os.environ.get("DJANGO_JOIN_COOLOFF_MINUTES", "15")))

ROOT_URLCONF = "config.urls"

# Templates are compiled once per process (Django's cached loader) unless DEBUG is on.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.user_roles",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2id first (new and changed passwords, and a rehash on the next login);
# PBKDF2 to check passwords set before. Both bound how many hashes a worker
# process runs at once (config/hashers.py); the sizing is in bench/README.md.
PASSWORD_HASHERS = [
    "config.hashers.Argon2PasswordHasher",
    "config.hashers.PBKDF2PasswordHasher",
]
PASSWORD_HASHING_CONCURRENCY = int(os.environ.get("DJANGO_PASSWORD_HASHING_CONCURRENCY", "1"))
if PASSWORD_HASHING_CONCURRENCY < 1:
    raise ImproperlyConfigured("DJANGO_PASSWORD_HASHING_CONCURRENCY must be 1 or more.")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "lessons:home"
LOGOUT_REDIRECT_URL = "lessons:home"

# Internationalisation: English now, Traditional Chinese to follow.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded media on object storage (S3 API, django-storages) when
# DJANGO_S3_BUCKET is set; the filesystem (MEDIA_ROOT) otherwise. URLs are
# plain, not signed (an image in a lesson must not expire): the bucket (its
# policy, or DJANGO_S3_DEFAULT_ACL=public-read), or the address in
# DJANGO_S3_PUBLIC_URL in front of it, serves its objects to anyone.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
S3_ORIGIN = ""
if S3_BUCKET:
    S3_ENDPOINT_URL = os.environ.get("DJANGO_S3_ENDPOINT_URL", "") or None
    S3_PUBLIC_URL = os.environ.get("DJANGO_S3_PUBLIC_URL", "").rstrip("/")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": S3_ENDPOINT_URL,
        "region_name": os.environ.get("DJANGO_S3_REGION", "") or None,
        "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY", "") or None,
        "custom_domain": S3_PUBLIC_URL.split("://", 1)[-1] or None,
        "url_protocol": (S3_PUBLIC_URL.split("://", 1)[0] + ":") if "://" in S3_PUBLIC_URL else "https:",
        "querystring_auth": False,
        "file_overwrite": False,
        # "public-read" where the bucket uses ACLs; unset, the bucket's policy decides who reads.
        "default_acl": os.environ.get("DJANGO_S3_DEFAULT_ACL", "") or None,
    }}
    # Where the browser fetches the images from, for the Content-Security-Policy.
    origin = S3_PUBLIC_URL or S3_ENDPOINT_URL or f"https://{S3_BUCKET}.s3.amazonaws.com"
    S3_ORIGIN = "/".join(origin.split("/")[:3])

MAILERS = {
    "default": {
        # Development prints e-mail to the console; production sends by SMTP.
        "BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
                                  if DEBUG else "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {} if DEBUG else {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
            "username": os.environ.get("DJANGO_EMAIL_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "casebook@localhost")

# Markdown: every Markdown field, the editor preview and the lesson page go
# through one sanitising renderer, so the preview and the page agree.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "lessons.markdown.render_markdown"
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}
MARKDOWNX_UPLOAD_MAX_SIZE = 2 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png"]
MARKDOWNX_MEDIA_PATH = "markdownx/"

# Content-Security-Policy: scripts and styles only from our own static files
# (no inline scripts or style attributes anywhere), in development too, so
# that the browser tests see exactly what production serves.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([S3_ORIGIN] if S3_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],  # LTI pages and sessions: the registered platforms (lti/middleware.py)
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# The cache holds counts that must be one across app servers (wrong join
# codes): with DEBUG off it is a database table (`createcachetable`, run by
# `make serve`), so several gunicorn workers share it with no new service.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"} if DEBUG else {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "casebook_cache"}}

# With REDIS_URL (e.g. redis://127.0.0.1:6379/0) the cache is Redis, shared by
# every app server, and sessions are read from it before the database
# (cached_db: a restarted Redis logs no one out).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs (django.tasks): run at once, in the request, unless
# DJANGO_TASKS_BACKEND=database, where they are queued in the database and run
# by `make worker` (django-tasks-db's db_worker) on any machine sharing it.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("DJANGO_TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
         if TASKS_BACKEND == "database" else {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the small autosave script reads it for fetch()
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Off only for a load test over plain HTTP on the loopback (bench/load.sh).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_COOKIES_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback_below_500": {"()": "config.log.WithoutTracebackBelow500"},
                "disallowed_host_as_warning": {"()": "config.log.DisallowedHostAsWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 or 400 is one warning line; a 500 keeps its traceback.
    "loggers": {"django.request": {"filters": ["without_traceback_below_500"]},
                "django.security.DisallowedHost": {"filters": ["disallowed_host_as_warning"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
