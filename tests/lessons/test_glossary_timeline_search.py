"""The glossary and the timeline without JavaScript: ?q= keeps only what
matches, the glossary is grouped A–Z, the timeline offers its decades."""

import datetime

import pytest
from django.urls import reverse

from lessons.models import KeyTerm, TimelineEvent


@pytest.fixture
def entries(course_data):
    course = course_data["course"]
    for slug, term, definition in [("security-dilemma", "Security dilemma", "Arming for safety alarms others."),
                                   ("abkhazia", "Abkhazia", "A region on the Black Sea."),
                                   ("osce", "ÖSCE mission", "Observers in South Ossetia."),
                                   ("balance", "balance of power", "No state dominates; security follows.")]:
        KeyTerm.objects.create(course=course, slug=slug, term=term, definition=definition)
    for slug, year, title in [("kosovo", 1999, "Kosovo war"), ("collapse", 1991, "The Soviet Union breaks up"),
                              ("war", 2008, "War in August")]:
        TimelineEvent.objects.create(course=course, slug=slug, date=datetime.date(year, 1, 1), precision="year",
                                     title=title)
    return course


@pytest.mark.django_db
def test_glossary_groups_terms_a_to_z_and_searches_on_the_server(client, entries):
    """Terms are filed under their initial (accents dropped, any case); ?q= matches the term or its definition."""
    url = reverse("lessons:glossary", args=[entries.slug])
    response = client.get(url)
    assert [g["letter"] for g in response.context["groups"]] == ["A", "B", "O", "S"]
    assert [t.slug for t in response.context["groups"][2]["terms"]] == ["osce"]
    html = response.content.decode()
    assert '<a href="#letter-B">B</a>' in html and '<span class="az-empty">C</span>' in html
    found = client.get(url, {"q": "SECURITY"})
    assert [t.slug for g in found.context["groups"] for t in g["terms"]] == ["balance", "security-dilemma"]
    assert "2 terms match “SECURITY”." in found.content.decode()
    assert "No term matches your search." in client.get(url, {"q": "nothing like it"}).content.decode()


@pytest.mark.django_db
def test_timeline_searches_on_the_server_and_offers_its_decades(client, entries):
    """?q= keeps the matching events; the jump list names each decade that has events, linked to it."""
    url = reverse("lessons:timeline", args=[entries.slug])
    html = client.get(url).content.decode()
    assert '<a href="#decade-1990">1990–1999</a>' in html and '<a href="#decade-2000">2000–2009</a>' in html
    assert 'id="decade-1990"' in html and 'id="year-1999"' in html
    found = client.get(url, {"q": "kosovo"})
    assert [e.slug for y in found.context["years"] for e in y["events"]] == ["kosovo"]
    assert "1 event matches “kosovo”." in found.content.decode()


@pytest.mark.django_db
def test_a_search_with_a_nul_character_is_a_400(client, entries):
    """A NUL character in ?q= (which PostgreSQL cannot compare) is refused with a 400, on both pages."""
    for name in ("lessons:glossary", "lessons:timeline"):
        assert client.get(reverse(name, args=[entries.slug]), {"q": "a\x00"}).status_code == 400


@pytest.mark.django_db
def test_a_chinese_search_finds_the_chinese_edition(client, entries):
    """In either edition, a search in Chinese finds a term by its Chinese definition and an event by its Chinese
    title."""
    KeyTerm.objects.filter(slug="abkhazia").update(zh_hant={"definition": "黑海邊的一個地區。"})
    TimelineEvent.objects.filter(slug="war").update(zh_hant={"title": "八月戰爭"})
    glossary = client.get(reverse("lessons:glossary", args=[entries.slug]), {"q": "黑海"})
    assert [t.slug for g in glossary.context["groups"] for t in g["terms"]] == ["abkhazia"]
    timeline = client.get(reverse("lessons:timeline", args=[entries.slug]), {"q": "八月"})
    assert [e.slug for y in timeline.context["years"] for e in y["events"]] == ["war"]
