"""An image made in memory, and its upload through the Markdown editor's endpoint, for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


def image_bytes(fmt, size=(20, 10)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, fmt)
    return out.getvalue()


def upload(client, name, data, content_type):
    return client.post(reverse("markdownx_upload"), {"image": SimpleUploadedFile(name, data, content_type=content_type)},
                       headers={"X-Requested-With": "XMLHttpRequest"})
