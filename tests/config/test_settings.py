"""Settings that switch on shared services: Redis (REDIS_URL) for the cache
and sessions, and object storage (DJANGO_S3_BUCKET) for uploaded media; with
neither set, the defaults stay as they were."""

import json
import os
import subprocess
import sys

import pytest
import requests
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.urls import reverse

from tests import servers
from tests.uploads import image_bytes, upload

SERVICE_VARIABLES = ("REDIS_URL", "DJANGO_S3_BUCKET", "DJANGO_S3_ENDPOINT_URL", "DJANGO_S3_PUBLIC_URL",
                     "DJANGO_TASKS_BACKEND", "DJANGO_DEBUG")


def settings_with(**variables) -> dict:
    """The settings a fresh process reads from these environment variables (and none of the services' others)."""
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES} | variables
    script = ("import json; from django.conf import settings as s; print(json.dumps({"
              "'cache': s.CACHES['default'], 'sessions': s.SESSION_ENGINE, 'media': s.STORAGES['default'],"
              "'img_src': s.SECURE_CSP['img-src'], 'tasks': s.TASKS['default']['BACKEND']}))")
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], env={
        **env, "DJANGO_SETTINGS_MODULE": "config.settings"}, cwd=servers.ROOT, capture_output=True, text=True,
        check=True)
    return json.loads(out.stdout)


def test_without_the_services_the_defaults_stay():
    """With no service variables: the local-memory cache, database sessions, files on disk, tasks run at once."""
    found = settings_with()
    assert found == {"cache": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                     "sessions": "django.contrib.sessions.backends.db",
                     "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                     "img_src": ["'self'", "data:"], "tasks": "django.tasks.backends.immediate.ImmediateBackend"}


def test_redis_url_makes_redis_the_cache_and_the_session_cache():
    """REDIS_URL: Django's RedisCache at that address, and cached_db sessions."""
    found = settings_with(REDIS_URL="redis://127.0.0.1:6390/2")
    assert found["cache"] == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                              "LOCATION": "redis://127.0.0.1:6390/2"}
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_s3_bucket_puts_media_on_object_storage_and_lets_pages_show_it():
    """DJANGO_S3_BUCKET: media on django-storages' S3 storage at the endpoint, plain URLs, and the CSP allows its images."""
    found = settings_with(DJANGO_S3_BUCKET="media", DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:9100")
    assert found["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {k: found["media"]["OPTIONS"][k] for k in ("bucket_name", "endpoint_url", "querystring_auth")} == {
        "bucket_name": "media", "endpoint_url": "http://127.0.0.1:9100", "querystring_auth": False}
    assert found["img_src"] == ["'self'", "data:", "http://127.0.0.1:9100"]


def test_tasks_backend_database_queues_jobs_for_the_worker():
    """DJANGO_TASKS_BACKEND=database: django.tasks uses django-tasks-db's backend (run by `make worker`)."""
    assert settings_with(DJANGO_TASKS_BACKEND="database")["tasks"] == "django_tasks_db.DatabaseBackend"


needs_redis = pytest.mark.skipif(not servers.redis_available(), reason="redis-server is not installed")


@pytest.fixture
def redis_sessions(settings):
    """The cache on a throwaway redis-server and cached_db sessions, as REDIS_URL sets them."""
    with servers.redis() as url:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        yield
        cache.clear()


@needs_redis
@pytest.mark.django_db
def test_a_session_lives_in_redis_and_survives_losing_it(client, student, redis_sessions):
    """Signed in with cached_db sessions on Redis: the session is in Redis; after Redis is emptied the database still holds it."""
    client.force_login(student)
    key = client.cookies["sessionid"].value
    assert cache.get(KEY_PREFIX + key)["_auth_user_id"] == str(student.pk)
    cache.clear()
    assert client.get(reverse("lessons:home")).context["user"] == student


@pytest.fixture
def s3_media(settings):
    """Uploaded media on moto's S3 server, as DJANGO_S3_BUCKET, DJANGO_S3_ENDPOINT_URL and
    DJANGO_S3_DEFAULT_ACL=public-read set it."""
    with servers.moto_s3("casebook-media") as endpoint:
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": "casebook-media", "endpoint_url": endpoint, "access_key": "testing",
            "secret_key": "testing", "region_name": "us-east-1", "querystring_auth": False,
            "file_overwrite": False, "default_acl": "public-read"}}}
        yield endpoint


@pytest.mark.django_db
def test_an_upload_lands_in_the_bucket_and_is_read_back(client, instructor, s3_media):
    """An image uploaded through the editor's upload view is stored in the bucket, and its URL serves that image."""
    import boto3

    client.force_login(instructor)
    response = upload(client, "map.png", image_bytes("PNG"), "image/png")
    assert response.status_code == 200
    url = response.json()["image_code"].removeprefix("![](").removesuffix(")")
    assert url.startswith(f"{s3_media}/casebook-media/markdownx/") and url.endswith(".png")
    stored = boto3.client("s3", endpoint_url=s3_media, aws_access_key_id="testing", aws_secret_access_key="testing",
                          region_name="us-east-1").list_objects_v2(Bucket="casebook-media")["Contents"]
    assert [item["Key"] for item in stored] == [url[len(f"{s3_media}/casebook-media/"):]]
    served = requests.get(url, timeout=10)
    assert served.status_code == 200 and served.content.startswith(b"\x89PNG")
