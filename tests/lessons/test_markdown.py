"""Markdown is rendered through the sanitiser: in the page and in the editor preview."""

import re

import pytest
from django.urls import reverse

from lessons.markdown import render_lesson, render_markdown
from tests.security.xss import ActiveContent

PAYLOADS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    '<img src="x.png" onerror="alert(1)">',
    "![x](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<svg onload="alert(1)"><circle></circle></svg>',
    '[x](https://example.com "t\\" onmouseover=\\"alert(1))',
]


def assert_harmless(html: str):
    """No parsed element or attribute that could run code (text that merely
    shows a payload, like an unlinked `[click](javascript:…)`, is harmless)."""
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, parser.found
    assert "<svg" not in html.lower()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_strips_active_content(payload):
    """Scripts, javascript:/data: links, event handlers and SVG never survive rendering."""
    assert_harmless(render_markdown(payload))


def test_headings_keep_explicit_ids_and_tables_render():
    """Explicit heading ids survive (questions link to them) and Markdown tables render."""
    rendered = render_lesson("## Title {#the-id}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<h2 id="the-id">Title</h2>' in rendered.html
    assert "<table>" in rendered.html
    assert rendered.headings[0]["id"] == "the-id"


@pytest.mark.django_db
def test_lesson_page_renders_payloads_harmless(client, course_data, student):
    """A lesson body full of payloads is harmless on the lesson page."""
    lesson = course_data["lesson"]
    lesson.body = "\n\n".join(PAYLOADS) + "\n\n## Safe {#safe}\n"
    lesson.save()
    client.force_login(student)
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    main = body[body.index('<div class="lesson-body">'):body.index('<footer class="lesson-footer">')]
    assert_harmless(main)


@pytest.mark.django_db
def test_an_unknown_glossary_term_is_shown_as_text(client, course_data, student):
    """[[missing|<img onerror>]] names no term: its label is escaped text, not markup inserted after sanitising."""
    lesson = course_data["lesson"]
    lesson.body = "Read [[no-such-term|<img src=x onerror=alert(1)>]] now.\n"
    lesson.save()
    client.force_login(student)
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_editor_preview_is_sanitised(client, instructor, payload):
    """The markdownx preview endpoint uses the same sanitiser."""
    client.force_login(instructor)
    response = client.post(reverse("markdownx_markdownify"), {"content": payload})
    assert response.status_code == 200
    assert_harmless(response.content.decode())


@pytest.mark.django_db
def test_editor_endpoints_refuse_students_and_anonymous(client, student):
    """Only instructors and administrators may call the editor's preview and upload."""
    for url in (reverse("markdownx_markdownify"), reverse("markdownx_upload")):
        assert client.post(url, {"content": "x"}).status_code == 403
    client.force_login(student)
    for url in (reverse("markdownx_markdownify"), reverse("markdownx_upload")):
        assert client.post(url, {"content": "x"}).status_code == 403


def test_heading_text_finds_the_heading_with_the_anchor():
    """`heading_text` gives a heading's words by its explicit id, and "" when no heading has it."""
    from lessons.markdown import heading_text
    body = "# Title {#top}\n\nText {#not-a-heading}\n\n  ### The security dilemma {#security-dilemma}\n"
    assert heading_text(body, "security-dilemma") == "The security dilemma"
    assert heading_text(body, "not-a-heading") == ""
    assert heading_text(body, "") == ""


CSRF_TOKEN = r'name="csrfmiddlewaretoken" value="[^"]+"'


@pytest.fixture
def parses(monkeypatch):
    """Every body markdown-it-py parses, in order."""
    from lessons import markdown

    seen = []
    real = markdown.PARSER.parse

    def counting(text, env=None):
        seen.append(text)
        return real(text, env)

    monkeypatch.setattr(markdown.PARSER, "parse", counting)
    return seen


@pytest.mark.django_db
def test_lesson_page_renders_its_markdown_once(client, course_data, student, parses):
    """A second request for a lesson page serves the cached HTML and parses no Markdown; the page is the same."""
    client.force_login(student)
    url = course_data["lesson"].get_absolute_url()
    first = re.sub(CSRF_TOKEN, "", client.get(url).content.decode())
    assert len(parses) == 1
    second = re.sub(CSRF_TOKEN, "", client.get(url).content.decode())
    assert len(parses) == 1
    assert second == first


@pytest.mark.django_db
def test_edited_lesson_body_renders_anew(client, course_data, student, parses):
    """After the body is edited the page parses the new Markdown and shows the new text, not the cached HTML."""
    client.force_login(student)
    lesson = course_data["lesson"]
    client.get(lesson.get_absolute_url())
    lesson.body = "## Rewritten {#rewritten}\n\nA wholly new paragraph."
    lesson.save()
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert parses[-1] == lesson.body
    assert len(parses) == 2
    assert "A wholly new paragraph." in page
