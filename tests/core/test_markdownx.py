"""The markdownx image upload: PNG and JPEG only, re-encoded, under a size cap; anything else, or a storage
that fails, gets a clear message and leaves nothing behind."""


import logging

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from tests.factories import make_user
from tests.uploads import image_bytes, upload


@pytest.mark.django_db
@pytest.mark.parametrize("name, fmt, extension", [("map.png", "PNG", "png"), ("photo.jpg", "JPEG", "jpg")])
def test_upload_accepts_png_and_jpeg_and_reencodes(client, teacher, name, fmt, extension):
    """A PNG or JPEG upload is re-encoded and stored, and the answer is the Markdown image code for it."""
    client.force_login(teacher)
    response = upload(client, name, image_bytes(fmt), f"image/{fmt.lower()}")
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/markdownx/") and code.endswith(f".{extension})")


@pytest.mark.django_db
@pytest.mark.parametrize("name, data, message", [
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a PNG or JPEG"),
    ("x.png", b"this is not an image at all", "not a PNG or JPEG"),
    ("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a PNG or JPEG"),
    ("big.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024), "too large"),
])
def test_upload_refuses_everything_else(client, teacher, name, data, message):
    """An SVG, a non-image, a GIF posing as PNG or an over-large file is refused with a 400 that says why."""
    client.force_login(teacher)
    response = upload(client, name, data, "image/png")
    assert response.status_code == 400 and message in response.json()["error"]


@pytest.mark.django_db
def test_upload_of_a_gif_image_is_refused(client, teacher):
    """A real GIF image is refused with a 400 saying only PNG and JPEG are taken."""
    client.force_login(teacher)
    response = upload(client, "x.gif", image_bytes("GIF"), "image/gif")
    assert response.status_code == 400 and "Only PNG and JPEG" in response.json()["error"]


@pytest.mark.django_db
def test_failed_upload_leaves_nothing_behind(client, monkeypatch):
    """When storage fails (a full disk), the author gets a message and no file or object is left."""
    teacher = make_user("teacher", roles.INSTRUCTORS)
    client.force_login(teacher)
    written = []

    def full_disk(name, content, max_length=None):
        written.append(name)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)
    response = client.post(reverse("markdownx_upload"),
                           {"image": SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png")},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 503 and "could not be stored" in response.json()["error"]
    assert written and not default_storage.exists(written[0])


def _unreachable_s3():
    """Real S3 media whose endpoint refuses connections (an outage): botocore raises EndpointConnectionError,
    which is no OSError."""
    from botocore.config import Config

    from tests.servers import free_port
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "casebook-media", "endpoint_url": f"http://127.0.0.1:{free_port()}", "access_key": "testing",
        "secret_key": "testing", "region_name": "us-east-1", "file_overwrite": False,
        "client_config": Config(retries={"total_max_attempts": 1}, connect_timeout=2)}}


@pytest.mark.django_db
def test_an_object_storage_outage_is_a_clear_503_logged_once(client, teacher, settings, caplog):
    """When the S3 media cannot be reached, the author gets the 503 "could not be stored" message, not a 500,
    and the outage is one error in the log, with its cause."""
    settings.STORAGES = {**settings.STORAGES, "default": _unreachable_s3()}
    client.force_login(teacher)
    with caplog.at_level(logging.INFO):
        response = upload(client, "map.png", image_bytes("PNG"), "image/png")
    assert response.status_code == 503 and "could not be stored" in response.json()["error"]
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert type(errors[0].exc_info[1]).__name__ == "EndpointConnectionError"
