"""Wrapped markdownx endpoints: who may call them, and what an upload may be."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image, UnidentifiedImageError

from core import roles

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg"}
MAX_PIXELS = 4000 * 4000
# The preview's renderer and its longest text: the site's sanitising Markdown renderer, the same as the
# pages', set by the app that owns it (lessons, in its AppConfig.ready()).
_preview: dict = {}


def preview_renderer_set(render, *, max_length: int) -> None:
    _preview.update(render=render, max_length=max_length)


def _require_author(request):
    if not roles.is_instructor(request.user):
        raise PermissionDenied(_("Only instructors and administrators may use the editor."))


@require_POST
def markdownify(request):
    """The editor's live preview: the same sanitising renderer as the pages."""
    _require_author(request)
    content = request.POST.get("content", "")
    if len(content) > _preview["max_length"]:
        return HttpResponseBadRequest(_("The text is too long to preview (at most %(limit)s characters).") % {
            "limit": f"{_preview['max_length']:,}"})
    return HttpResponse(_preview["render"](content))


def clean_image(upload) -> tuple[bytes, str]:
    """Check an uploaded image and re-encode it; raise ValueError with a message."""
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        raise ValueError(_("The image is too large (at most %(mb)s MB).") % {
            "mb": settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)})
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValueError(_("Only PNG and JPEG images can be uploaded."))
            if image.width * image.height > MAX_PIXELS:
                raise ValueError(_("The image has too many pixels."))
            image.thumbnail(settings.MARKDOWNX_IMAGE_MAX_SIZE["size"])
            out = io.BytesIO()
            fmt = image.format
            if fmt == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=settings.MARKDOWNX_IMAGE_MAX_SIZE["quality"])
            else:
                image.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValueError(_("That file is not a PNG or JPEG image.")) from None
    return out.getvalue(), ALLOWED_FORMATS[fmt]


@require_POST
def upload(request):
    _require_author(request)
    upload = request.FILES.get("image")
    if upload is None:
        return HttpResponseBadRequest(_("No image was sent."))
    try:
        data, extension = clean_image(upload)
    except ValueError as error:
        return JsonResponse({"image_code": "", "error": str(error)}, status=400)
    wanted = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{extension}"
    try:
        name = default_storage.save(wanted, ContentFile(data))
        url = default_storage.url(name)
    except Exception as error:  # a full disk (OSError), S3 down (botocore): any storage's failure
        _remove_partial(wanted)
        response = JsonResponse({"image_code": "", "error": _("The image could not be stored. Try again later.")},
                                status=503)
        # An outage, not a refusal: one error with its cause (log_response marks the response as logged, so
        # django.request does not log the 503 a second time, without it).
        log_response("Image upload could not be stored: %s", request.path, response=response, request=request,
                     exception=error)
        return response
    return JsonResponse({"image_code": f"![]({url})"})


def _remove_partial(name: str) -> None:
    """Remove what a failed save may have left; the storage may be down, and the author is told either way."""
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
    except Exception:  # the same outage that failed the save
        pass
