"""Markdown has limits: the worst inputs we can build render (and stay
sanitised) at each field's cap, longer text is refused by the editor preview
and the course loader, and the real course still loads."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lessons.markdown import LESSON_MAX, render_lesson, render_markdown
from lessons.models import Lesson
from quizzes import limits
from tests.content_tree import FILES, write_content
from tests.security.xss import ActiveContent

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def nested(opening: str, closing: str, size: int) -> str:
    n = (size - len(PAYLOAD)) // (len(opening) + len(closing))
    text = opening * n + PAYLOAD + closing * n
    return text + " " * (size - len(text))


def repeated(unit: str, size: int) -> str:
    return (PAYLOAD + unit * size)[:size]


# Each of these took Python-Markdown seconds at a few kilobytes, or overflowed its stack.
HOSTILE = {
    "nested brackets": lambda size: nested("[", "]", size),
    "unclosed brackets": lambda size: repeated("[", size),
    "unclosed images": lambda size: repeated("![", size),
    "link chain": lambda size: repeated("[a](", size),
    "reference chain": lambda size: repeated("[a][", size),
    "footnote references": lambda size: repeated("[^", size),
    "term links": lambda size: repeated("[[", size),
    "nested emphasis": lambda size: nested("*", "*", size),
    "nested strong": lambda size: nested("__", "__", size),
    "unclosed tags": lambda size: repeated("<a ", size),
    "deep blockquote": lambda size: repeated(">", size),
    "deep list": lambda size: repeated("- ", size),
}


def assert_sanitised(html: str):
    assert html.strip(), "nothing was rendered"
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, parser.found


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_stem_at_its_cap_renders_sanitised(name):
    """A stem as long as the cap allows, built to be slow, renders to sanitised HTML."""
    text = HOSTILE[name](limits.STEM)
    assert len(text) == limits.STEM
    assert_sanitised(render_markdown(text))


@pytest.mark.parametrize("name", ["nested brackets", "unclosed images", "nested emphasis"])
def test_hostile_lesson_at_its_cap_renders_sanitised(name):
    """A lesson body as long as the cap allows, built to be slow, renders to sanitised HTML."""
    text = HOSTILE[name](LESSON_MAX)
    assert len(text) == LESSON_MAX
    assert_sanitised(render_lesson(text).html)


@pytest.mark.django_db
def test_preview_renders_hostile_text_at_the_cap(client, instructor):
    """The editor preview renders the longest text it accepts, however it is built."""
    client.force_login(instructor)
    response = client.post(reverse("markdownx_markdownify"), {"content": HOSTILE["nested brackets"](LESSON_MAX)})
    assert response.status_code == 200
    assert_sanitised(response.content.decode())


@pytest.mark.django_db
def test_preview_refuses_text_over_the_cap(client, instructor):
    """One character over the cap, the preview answers 400 with a message instead of rendering."""
    client.force_login(instructor)
    response = client.post(reverse("markdownx_markdownify"), {"content": "a" * (LESSON_MAX + 1)})
    assert response.status_code == 400
    assert "too long to preview (at most 40,000 characters)" in response.content.decode()


def load_errors(root, capsys) -> str:
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_course", str(root), stdout=open("/dev/null", "w"))
    return capsys.readouterr().err


@pytest.mark.django_db
def test_loader_refuses_a_lesson_over_the_cap(tmp_path, capsys):
    """A lesson body over the cap is a loader error with file and line; nothing is loaded."""
    name = "lessons/1-intro/01-hello.md"
    root = write_content(tmp_path, {name: FILES[name] + "x" * LESSON_MAX})
    err = load_errors(root, capsys)
    assert f"{tmp_path}/{name}:8: the lesson is 40,1" in err and "characters long; at most 40,000" in err
    assert "has no heading" not in err  # questions still find the lesson's headings
    assert Lesson.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name, old, new, expected", [
    ("questions/bank.toml", 'stem = "True?"', f'stem = "{"T" * (limits.STEM + 1)}"',
     "questions/bank.toml:52: question 'q-tf': The question is too long: 5,001 characters, at most 5,000."),
    ("questions/bank.toml", 'explanation = "Yes."', f'explanation = "{"Y" * (limits.EXPLANATION + 1)}"',
     "questions/bank.toml:52: question 'q-tf': The explanation is too long: 5,001 characters, at most 5,000."),
    ("glossary/terms.toml", 'definition = "Defence that alarms others."', f'definition = "{"d" * 2001}"',
     "glossary/terms.toml:5: definition is 2,001 characters long; at most 2,000"),
    ("timeline/events.toml", 'title = "Event one"', f'title = "{"e" * 201}"',
     "timeline/events.toml:4: title is 201 characters long; at most 200"),
    ("quizzes.toml", 'title = "Mini quiz"', f'title = "Mini quiz"\ndescription = "{"q" * 2001}"',
     "quizzes.toml:4: description is too long: 2,001 characters, at most 2,000."),
])
def test_loader_refuses_fields_over_their_caps(tmp_path, capsys, name, old, new, expected):
    """A question, term, event or quiz text over its cap is a loader error with file and line."""
    assert old in FILES[name]
    root = write_content(tmp_path, {name: FILES[name].replace(old, new)})
    assert f"{tmp_path}/{expected}" in load_errors(root, capsys)


@pytest.mark.django_db
def test_texts_at_their_caps_load(tmp_path):
    """Texts exactly as long as their caps load."""
    name = "questions/bank.toml"
    long_stem = FILES[name].replace('stem = "True?"', f'stem = "{"T" * limits.STEM}"')
    lesson = "lessons/1-intro/01-hello.md"
    padding = "x" * (LESSON_MAX - len(FILES[lesson].split("+++\n", 2)[2]) - 1)
    root = write_content(tmp_path, {name: long_stem, lesson: FILES[lesson] + padding + "\n"})
    call_command("load_course", str(root), stdout=open("/dev/null", "w"))
    assert len(Lesson.objects.get().body) <= LESSON_MAX
