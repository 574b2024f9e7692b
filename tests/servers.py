"""Local servers some tests start for themselves on free loopback ports:
moto's S3 server, Redis and gunicorn nodes. Each is a context manager that
waits until the server answers and stops it (by its own pid) afterwards."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
S3_KEYS = {"DJANGO_S3_ACCESS_KEY_ID": "testing", "DJANGO_S3_SECRET_ACCESS_KEY": "testing",
           "DJANGO_S3_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(ready, process, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {seconds} s")


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=5)
    except requests.RequestException:
        return False
    return True


@contextlib.contextmanager
def _running(args, *, ready, what, env=None, log=None):
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log or subprocess.DEVNULL,
                               stderr=subprocess.STDOUT if log else subprocess.DEVNULL)
    try:
        _wait(ready, process, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def moto_s3(bucket: str = "casebook-media"):
    """moto's S3 server with one empty bucket; yields the endpoint URL."""
    import boto3

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with _running([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                  ready=lambda: _answers(endpoint), what="moto_server"):
        boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing",
                     region_name="us-east-1").create_bucket(Bucket=bucket)
        yield endpoint


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


@contextlib.contextmanager
def redis():
    """A throwaway redis-server (no persistence); yields its URL."""
    port = free_port()

    def ready():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
        return False

    with tempfile.TemporaryDirectory() as home, _running(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", home], ready=ready, what="redis-server"):
        yield f"redis://127.0.0.1:{port}/0"


@contextlib.contextmanager
def gunicorn(env: dict, log):
    """One app server node (config.wsgi, two threads) with the given environment; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with _running([str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                   "--workers", "1", "--threads", "2", "--timeout", "60"],
                  ready=lambda: _answers(base + "/accounts/login/"), what=f"gunicorn on {port}",
                  env={**os.environ, **env}, log=log):
        yield base
