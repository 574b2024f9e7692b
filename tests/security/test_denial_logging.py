"""A refusal is an answer, not a fault: a 403 is logged as one warning line,
while a real error keeps its traceback at ERROR, as configured in LOGGING."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from dashboard import selectors


def _request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


@pytest.mark.django_db
def test_a_permission_denied_is_one_warning_line_without_traceback(caplog, student):
    """A student opening the instructors' area: 403, and one WARNING on django.request with no exc_info."""
    client = Client()
    client.force_login(student)
    with caplog.at_level(logging.INFO):
        assert client.get(reverse("dashboard:classes")).status_code == 403
    [record] = _request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    assert logging.Formatter().format(record) == "Forbidden (Permission denied): /dashboard/"


@pytest.mark.django_db
def test_a_real_error_still_logs_its_traceback(caplog, instructor, monkeypatch):
    """An unexpected exception in a view: 500, and one ERROR on django.request carrying the traceback."""
    def broken(user):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "instructor_classes", broken)
    client = Client(raise_request_exception=False)
    client.force_login(instructor)
    with caplog.at_level(logging.INFO):
        assert client.get(reverse("dashboard:classes")).status_code == 500
    [record] = _request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info[0] is RuntimeError
    assert "Traceback" in logging.Formatter().format(record)
