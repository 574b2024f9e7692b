"""The dashboard's pages only read: opening any of them writes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Attempt

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_no_dashboard_page_writes_on_a_get(client, klass, instructor):
    """A GET of every dashboard page (right after new submissions) runs no INSERT, UPDATE or DELETE."""
    pk, quiz, lin = klass["cohort"].pk, klass["quiz"], klass["lin"]
    attempt = Attempt.objects.filter(user=lin).first()
    urls = [
        reverse("dashboard:classes"),
        reverse("dashboard:overview", args=[pk]),
        reverse("dashboard:matrix", args=[pk]),
        reverse("dashboard:roster", args=[pk]),
        reverse("dashboard:student", args=[pk, lin.pk]),
        reverse("dashboard:quiz-report", args=[pk, quiz.pk]),
        reverse("dashboard:quiz-regrade", args=[pk, quiz.pk]),
        reverse("dashboard:attempt-regrade", args=[pk, attempt.pk]),
        reverse("dashboard:export-grades", args=[pk]),
        reverse("dashboard:export-responses", args=[pk]),
    ]
    client.force_login(instructor)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)
        writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == [], url


def test_the_matrix_pager_keeps_the_sort_the_filter_and_the_edition(client, klass, instructor, monkeypatch):
    """The matrix's Next link (the shared pager) carries sort, direction, status and language to page 2."""
    from dashboard import views
    from tests.classroom import enrol
    monkeypatch.setattr(views, "MATRIX_PAGE_SIZE", 1)
    enrol(klass["cohort"], "nino")
    client.force_login(instructor)
    url = reverse("dashboard:matrix", args=[klass["cohort"].pk])
    page = client.get(url, {"sort": "progress", "dir": "desc", "status": "in_progress", "language": "en"})
    assert 'href="?sort=progress&amp;dir=desc&amp;status=in_progress&amp;language=en&amp;page=2"' in \
        page.content.decode()
