"""Logging filters named in settings.LOGGING."""

import logging


class WithoutTracebackBelow500(logging.Filter):
    """django.request logs an exception that became a 4xx (PermissionDenied,
    BadRequest) with its whole traceback. A refusal is an expected answer, not
    a fault: keep the one warning line, drop the traceback. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class DisallowedHostAsWarning(logging.Filter):
    """Django logs a request for a host the site does not serve as an ERROR
    with a traceback; it is answered with a 400 like any bad request, so it
    is one warning line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
