"""Answer text made from Markdown is escaped once: the review shows an
ampersand as `&amp;` in its HTML (never `&amp;amp;`), and a CSV holds `&`."""

import csv
import io

import pytest
from django.urls import reverse

from quizzes.models import Attempt, Option
from tests.classroom import take

pytestmark = pytest.mark.django_db


def test_an_ampersand_in_an_option_is_escaped_once(client, klass, instructor):
    """A chosen option "Security & survival" reads so in the review and in the responses CSV."""
    Option.objects.filter(question=klass["questions"]["single"], position=1).update(text="Security & survival")
    take(klass["quiz"], klass["lin"])  # a second attempt, snapshotting the new text; option 1 is right
    attempt = Attempt.objects.filter(user=klass["lin"]).latest("number")
    client.force_login(klass["lin"])
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Security &amp; survival" in review and "&amp;amp;" not in review
    client.force_login(instructor)
    export = client.get(reverse("dashboard:export-responses", args=[klass["cohort"].pk]))
    body = b"".join(export.streaming_content) if export.streaming else export.content
    cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    assert "Security & survival" in cells and not any("&amp;" in cell for cell in cells)
