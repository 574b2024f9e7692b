"""The lessons admin: a class's "view on site" leads to its page, the instructor dashboard's overview."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_cohort


@pytest.mark.django_db
def test_a_class_view_on_site_link_opens_its_dashboard_overview(client, administrator, course_data, instructor):
    """The class's admin page links to its dashboard overview, and following the link opens that page."""
    cohort = make_cohort(course_data["course"], instructor)
    client.force_login(administrator)
    page = client.get(reverse("admin:lessons_cohort_change", args=[cohort.pk])).content.decode()
    link = re.search(r'<a href="([^"]+)" class="viewsitelink"', page).group(1)
    assert link == reverse("dashboard:overview", args=[cohort.pk])
    response = client.get(link)
    assert response.status_code == 200
    assert response.context["cohort"] == cohort
