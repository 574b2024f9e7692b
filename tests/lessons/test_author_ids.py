"""Author HTML cannot clobber the page: ids an author writes are dropped, so
an `<a id="timer">` in a question cannot take the place of the quiz's own
timer, while lesson headings keep the anchors that questions link to."""

import re

import pytest

from lessons.markdown import render_lesson, render_markdown
from quizzes.models import Option
from quizzes.services import attempt_start
from tests.factories import make_quiz

CLOBBERING = ('<a id="timer">t</a> <h2 id="save-status">s</h2> <div id="quiz-form">d</div> '
              '<span id="attempt-form">f</span> <li id="timer-value">v</li> Which is right?')


def test_author_ids_are_dropped():
    """Ids written in raw HTML, on any tag, do not survive rendering; the text does."""
    html = render_markdown(CLOBBERING)
    assert "id=" not in html
    assert "Which is right?" in html and ">t</a>" in html


def test_headings_in_a_question_get_prefixed_ids():
    """A heading in a question gets an id that cannot match one of the page's own."""
    html = render_markdown("## Timer\n\n### Save status {#save-status}\n")
    assert '<h2 id="user-content-timer">Timer</h2>' in html
    assert '<h3 id="user-content-save-status">Save status</h3>' in html


@pytest.mark.django_db
def test_quiz_page_keeps_only_its_own_ids(client, course_data, questions, student):
    """A stem and an option full of the quiz page's ids leave each of those ids on the page once: its own."""
    question = questions["single"]
    question.stem = CLOBBERING
    question.save()
    Option.objects.filter(question=question, position=1).update(text='<a id="timer-warning">w</a> Security')
    quiz = make_quiz(course_data["course"], [question], time_limit_minutes=30)
    attempt = attempt_start(quiz=quiz, user=student)
    client.force_login(student)
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Which is right?" in page
    for own in ("timer", "attempt-form", "save-status", "timer-value", "timer-warning"):
        assert page.count(f'id="{own}"') == 1, own
    assert 'id="quiz-form"' not in page


@pytest.mark.django_db
def test_lesson_headings_and_footnotes_keep_working_anchors(client, course_data, student):
    """Lesson headings keep their explicit ids, every in-page link has its target, and author ids are dropped."""
    lesson = course_data["lesson"]
    lesson.body += '\nA claim.[^1] <a id="main">x</a>\n\n### Detail {#detail}\n\nMore.\n\n[^1]: Its source.\n'
    lesson.save()
    client.force_login(student)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert '<h2 id="security-dilemma">' in page and '<h3 id="detail">' in page
    assert page.count('id="main"') == 1  # the page's own <main>
    body = page[page.index('<div class="lesson-body">'):page.index('<footer class="lesson-footer">')]
    targets = re.findall(r'href="#([^"]+)"', body)
    assert len(targets) >= 2  # the footnote and its way back
    for target in targets:
        assert f'id="{target}"' in body, target


def test_lesson_headings_are_listed_with_their_ids():
    """The lesson's table of contents lists each heading with its id, nested by level, its name escaped."""
    rendered = render_lesson("## A & B {#a-b}\n\n### `<b>` &lt;i&gt; <script>x</script> {#sub}\n\n"
                             "## Auto heading\n\n## Auto heading\n")
    assert [(h["id"], h["name"], [c["id"] for c in h["children"]]) for h in rendered.headings] == [
        ("a-b", "A &amp; B", ["sub"]), ("auto-heading", "Auto heading", []), ("auto-heading_1", "Auto heading", [])]
    assert rendered.headings[0]["children"][0]["name"] == "&lt;b&gt; &lt;i&gt; x"
    assert '<h2 id="a-b">A &amp; B</h2>' in rendered.html
