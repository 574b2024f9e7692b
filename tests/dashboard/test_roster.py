"""The roster pages through a large class, 100 students a page."""

import pytest
from django.urls import reverse

from tests.classroom import enrol


@pytest.mark.django_db
def test_roster_pages_a_large_class(client, klass, instructor):
    """A class of 103 students is listed on two roster pages, the second holding the last 3."""
    for n in range(101):
        enrol(klass["cohort"], f"extra{n:03d}")
    client.force_login(instructor)
    url = reverse("dashboard:roster", args=[klass["cohort"].pk])
    first = client.get(url).content.decode()
    assert "103 students" in first and "Page 1 of 2" in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert "Page 2 of 2" in second and second.count("/remove/") == 3
