"""Two app servers (gunicorn nodes started here, on free ports) sharing one
database, Redis (cache and sessions) and object storage (moto's S3 server):
what one node does, the other sees. The database is a fresh one: on
PostgreSQL (DATABASE_URL) a new database on the same server, otherwise a
SQLite file both nodes open. Only HTTP goes to the nodes."""

import contextlib
import json
import os
import re
import subprocess
import sys
import uuid

import boto3
import dj_database_url
import pytest
import requests

from tests import servers
from tests.uploads import image_bytes

pytestmark = pytest.mark.skipif(not servers.redis_available(), reason="redis-server is not installed")

PASSWORD = "cluster-admin-password"
BUCKET = "casebook-media"
SETUP = f"""
import json
from django.contrib.auth.models import Group, User
from core import roles
from lessons.models import Chapter, Course, Lesson
admin = User.objects.create_superuser("cluster-admin", password={PASSWORD!r})
admin.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
course = Course.objects.create(slug="case", title="A case")
chapter = Chapter.objects.create(course=course, number=1, slug="one", title="One")
lesson = Lesson.objects.create(chapter=chapter, position=1, slug="first", title="First lesson",
                               body="## Start {{#start}}\\n\\nThe original paragraph.")
print(json.dumps({{"lesson": lesson.pk, "chapter": chapter.pk, "url": lesson.get_absolute_url()}}))
"""


@contextlib.contextmanager
def shared_database(tmp_path):
    """A database URL both nodes use: a new PostgreSQL database beside DATABASE_URL's, or a SQLite file."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'cluster.sqlite3'}"
        return
    import psycopg

    name = f"casebook_cluster_{uuid.uuid4().hex[:8]}"
    parts = dj_database_url.parse(configured)
    admin = dict(host=parts["HOST"], port=parts["PORT"] or 5432, user=parts["USER"], password=parts["PASSWORD"],
                 dbname=parts["NAME"], autocommit=True)
    with psycopg.connect(**admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield configured.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, stdin=None) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=servers.ROOT, env={**os.environ, **env},
                          input=stdin, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Nodes A and B, production settings, on the shared database, Redis and S3 bucket."""
    tmp = tmp_path_factory.mktemp("cluster")
    with contextlib.ExitStack() as stack:
        redis_url = stack.enter_context(servers.redis())
        s3 = stack.enter_context(servers.moto_s3(BUCKET))
        env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": stack.enter_context(shared_database(tmp)), "REDIS_URL": redis_url,
               "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "cluster-test-" + uuid.uuid4().hex,
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "false",
               "DJANGO_COOKIES_SECURE": "false", "DJANGO_STATIC_ROOT": str(tmp / "static"),
               "DJANGO_MEDIA_ROOT": str(tmp / "media-unused"), "DJANGO_LOG_LEVEL": "WARNING",
               "DJANGO_S3_BUCKET": BUCKET, "DJANGO_S3_ENDPOINT_URL": s3, "DJANGO_S3_DEFAULT_ACL": "public-read",
               **servers.S3_KEYS}
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        made = json.loads(manage(env, "shell", stdin=SETUP).strip().splitlines()[-1])
        log = stack.enter_context(open(tmp / "nodes.log", "w"))
        a = stack.enter_context(servers.gunicorn(env, log))
        b = stack.enter_context(servers.gunicorn(env, log))
        yield {"a": a, "b": b, "s3": s3, **made}


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def signed_in(node: str) -> requests.Session:
    """A browser (one cookie jar for 127.0.0.1, whatever the port) signed in as the administrator on `node`."""
    browser = requests.Session()
    login = browser.get(f"{node}/accounts/login/", timeout=30)
    done = browser.post(f"{node}/accounts/login/", timeout=30, allow_redirects=False, data={
        "username": "cluster-admin", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(login.text)})
    assert done.status_code == 302, done.text[:500]
    return browser


def edit_lesson(browser, node: str, cluster, body: str) -> None:
    """Save the lesson through `node`'s admin change form with this body."""
    address = f"{node}/admin/lessons/lesson/{cluster['lesson']}/change/"
    form = browser.get(address, timeout=30)
    saved = browser.post(address, timeout=30, allow_redirects=False, data={
        "csrfmiddlewaretoken": csrf_token(form.text), "chapter": cluster["chapter"], "position": 1,
        "slug": "first", "title": "First lesson", "published": "on", "objectives": "", "body": body,
        "estimated_minutes": 10, "source_lines": "", "_save": "Save"})
    assert saved.status_code == 302, saved.text[:2000]


def test_signed_in_on_one_node_continues_on_the_other(cluster):
    """Signed in on A, the same session cookie is signed in on B; signing out on B signs out on A too."""
    browser = signed_in(cluster["a"])
    on_b = browser.get(f"{cluster['b']}/admin/", timeout=30, allow_redirects=False)
    assert on_b.status_code == 200 and "cluster-admin" in on_b.text
    logout = browser.post(f"{cluster['b']}/accounts/logout/", timeout=30, allow_redirects=False,
                          data={"csrfmiddlewaretoken": csrf_token(on_b.text)})
    assert logout.status_code == 302
    assert browser.get(f"{cluster['a']}/admin/", timeout=30, allow_redirects=False).status_code == 302


def test_an_upload_on_one_node_is_read_through_the_other(cluster):
    """An image uploaded through A is in the bucket; the lesson that shows it, served by B, links to it and it loads."""
    browser = signed_in(cluster["a"])
    editor = browser.get(f"{cluster['a']}/admin/lessons/lesson/{cluster['lesson']}/change/", timeout=30)
    uploaded = browser.post(f"{cluster['a']}/markdownx/upload/", timeout=30, files={
        "image": ("map.png", image_bytes("PNG"), "image/png")}, headers={
        "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": csrf_token(editor.text)})
    assert uploaded.status_code == 200, uploaded.text[:500]
    url = uploaded.json()["image_code"].removeprefix("![](").removesuffix(")")
    key = url.removeprefix(f"{cluster['s3']}/{BUCKET}/")
    bucket = boto3.client("s3", endpoint_url=cluster["s3"], aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    edit_lesson(browser, cluster["a"], cluster, f"## Start {{#start}}\n\nA map:\n\n![]({url})\n")
    page = browser.get(cluster["b"] + cluster["url"], timeout=30)
    assert f'<img src="{url}"' in page.text
    assert f"img-src 'self' data: {cluster['s3']}" in page.headers["Content-Security-Policy"]
    assert requests.get(url, timeout=30).content == stored


def test_a_lesson_edited_on_one_node_shows_anew_on_the_other(cluster):
    """B has the lesson's HTML cached; after the lesson is edited through A's admin, B shows the new text."""
    browser = signed_in(cluster["a"])
    edit_lesson(browser, cluster["a"], cluster, "## Start {#start}\n\nThe original paragraph.")
    assert "The original paragraph." in browser.get(cluster["b"] + cluster["url"], timeout=30).text
    edit_lesson(browser, cluster["a"], cluster, "## Start {#start}\n\nA paragraph written on node A.")
    page = browser.get(cluster["b"] + cluster["url"], timeout=30).text
    assert "A paragraph written on node A." in page and "The original paragraph." not in page
