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
