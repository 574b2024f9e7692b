"""Error pages that work when the database does not.

Django calls `server_error` for any unhandled exception and `bad_request` for
a 400. When the cause is the database being out of reach, both answer 503
(with Retry-After) instead. Neither page touches the session; telling an
outage from a bug may ask the request's own connection one `SELECT 1`, but
never opens a new one."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

UNAVAILABLE = (OperationalError, InterfaceError)


def _chain(error):
    """The error, then what it was raised from or while handling, and so on."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _connection_lost() -> bool:
    """Whether a connection this request used is gone or no longer answers."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:  # Django dropped it after a failed rollback
            return True
        try:
            cursor = connection.connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except connection.Database.Error:
            return True
    return False


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` comes from the database being out of reach.

    Not only OperationalError: when a connection drops mid-request, what
    reaches us is often a consequence raised later, while that error was being
    handled: a ProgrammingError for a closed connection, a bare DatabaseError
    from the driver, the session's UpdateError turned into SessionInterrupted.
    A session that failed to load also leaves its `_session_cache` unset, so
    the log of such a request starts with that AttributeError. So: any
    OperationalError or InterfaceError in the chain, or any database error
    after which the connection no longer answers."""
    chain = list(_chain(error))
    if any(isinstance(link, UNAVAILABLE) for link in chain):
        return True
    return any(isinstance(link, DatabaseError) for link in chain) and _connection_lost()


def _unavailable():
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request, template_name="500.html"):
    if database_unavailable(sys.exc_info()[1]):
        return _unavailable()
    return HttpResponse(loader.get_template(template_name).render({}), status=500)


def bad_request(request, exception, template_name="400.html"):
    # Saving the session at the end of a request turns a database error into
    # SessionInterrupted, a 400; during an outage that is a 503 like the rest.
    if database_unavailable(exception):
        return _unavailable()
    return defaults.bad_request(request, exception, template_name)
