"""Casebook's own middleware."""

from django.shortcuts import render

FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _readable(content_type: str, charset: str) -> bool:
    if content_type == "application/x-www-form-urlencoded":
        return charset.lower() == "utf-8"  # Django's own rule for this type
    try:
        b"form".decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError):  # unknown, not a text encoding (base64), or no "replace" (idna)
        return False
    return True


class FormCharsetMiddleware:
    """A POSTed form whose declared charset cannot be read is a 400.

    Django reads the body only when something asks for request.POST (the
    CSRF check), and a bad charset then fails there: a LookupError from the
    multipart parser, or Django's BadRequest for a non-UTF-8 url-encoded form,
    which its 400 page raises again by running the CSRF check once more.
    Either way the visitor got a 500. The header is checked before anything
    reads the body; an unknown charset, which Django would ignore, is refused
    as well: we would only be guessing at what the sender meant."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset")
        if (request.method == "POST" and request.content_type in FORMS and charset is not None
                and not _readable(request.content_type, charset)):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class NulCharacterMiddleware:
    """A query string or a posted form field holding a NUL character is a 400.

    No text a person types holds one, and PostgreSQL stores none (text and
    jsonb both refuse "\\x00"), so it would reach the database only to fail
    there as a 500: an essay saved with one, or a search for "%00". Uploaded
    files are not fields and are not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = [request.GET]
        if request.method == "POST" and request.content_type in FORMS:
            fields.append(request.POST)
        if any("\x00" in key or any("\x00" in value for value in values)
               for query in fields for key, values in query.lists()):
            return render(request, "400.html", status=400)
        return self.get_response(request)
