"""Error pages that work when the database does not.

Django calls `server_error` for any unhandled exception; when the cause is
the database being unreachable it answers 503 (with Retry-After) instead of
500. Neither page touches the database or the session."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE) or (isinstance(error, DatabaseError) and "connect" in str(error).lower()):
        body = loader.get_template("503.html").render({})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template(template_name).render({}), status=500)
