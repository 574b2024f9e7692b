"""load_course: validation with file and line, idempotence, in-place updates."""

import pytest
from django.core.management import CommandError, call_command

from lessons.models import Cause, KeyTerm, Lesson, LessonProgress, TimelineEvent
from quizzes.models import Attempt, MatchPair, Option, OrderingItem, Question, Quiz
from quizzes.services import attempt_start
from tests.content_tree import FILES, write_content
from tests.factories import make_user

MODELS = [Lesson, KeyTerm, TimelineEvent, Cause, Question, Option, OrderingItem, MatchPair, Quiz]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def load(root, *extra):
    call_command("load_course", str(root), *extra, stdout=open("/dev/null", "w"))


def errors_of(root, capsys=None):
    with pytest.raises(CommandError):
        call_command("load_course", str(root), stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_second_load_changes_nothing(tmp_path, capsys):
    """Loading twice leaves every count and every row unchanged."""
    root = write_content(tmp_path)
    load(root)
    first = counts()
    updated = Lesson.objects.get().updated_at
    call_command("load_course", str(root))
    assert "nothing changed" in capsys.readouterr().out
    assert counts() == first
    assert Lesson.objects.get().updated_at == updated


@pytest.mark.django_db
def test_keys_come_from_the_data(tmp_path):
    """Ordering, date, 'which came first' and matching keys are computed from the timeline and causes."""
    load(write_content(tmp_path))
    order = Question.objects.get(slug="q-order")
    assert list(order.ordering_items.values_list("text", flat=True)) == ["Event one", "Event two", "Event three"]
    date = Question.objects.get(slug="q-date").date_key
    assert (date.date.isoformat(), date.precision) == ("1992-06-01", "month")
    first = Question.objects.get(slug="q-first")
    assert first.options.get(is_correct=True).text == "Event one"
    pairs = dict(Question.objects.get(slug="q-match").match_pairs.values_list("item", "category"))
    assert pairs == {"Soviet borders": "Distant cause", "Regime change": "Proximate cause"}


@pytest.mark.django_db
def test_edit_updates_in_place_and_keeps_student_data(tmp_path):
    """Re-running after an edit updates the lesson text and keeps progress and attempts."""
    root = write_content(tmp_path)
    load(root)
    lesson = Lesson.objects.get()
    student = make_user("reader")
    LessonProgress.objects.create(user=student, lesson=lesson, first_opened_at=lesson.updated_at,
                                  last_opened_at=lesson.updated_at)
    attempt = attempt_start(quiz=Quiz.objects.get(), user=student)
    path = root / "lessons/1-intro/01-hello.md"
    path.write_text(path.read_text().replace("Original text.", "Edited text."))
    load(root)
    lesson.refresh_from_db()
    assert "Edited text." in lesson.body
    assert LessonProgress.objects.filter(user=student, lesson=lesson).exists()
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    assert attempt.responses.count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize("name, old, new, expected", [
    ("timeline/events.toml", 'date = "1992-06"', 'date = "1992-13"', "timeline/events.toml:10: date '1992-13'"),
    ("timeline/events.toml", 'title = "Event two"', 'title = "Event two"\ncolour = "red"',
     "timeline/events.toml:12: unknown field 'colour'"),
    ("glossary/terms.toml", 'lesson = "hello"', 'lesson = "nowhere"', "glossary/terms.toml:6: unknown lesson 'nowhere'"),
    ("glossary/terms.toml", 'anchor = "first"', 'anchor = "missing"', "glossary/terms.toml:7: lesson 'hello' has no heading"),
    ("lessons/1-intro/01-hello.md", "[[security-dilemma|dilemma]]", "[[no-such-term]]",
     "lessons/1-intro/01-hello.md:8: unknown glossary term [[no-such-term]]"),
    ("lessons/1-intro/01-hello.md", "## First part {#first}", "## First part",
     "lessons/1-intro/01-hello.md:10: heading needs an explicit id"),
    ("causes/causes.toml", 'kind = "proximate"', 'kind = "sideways"', "causes/causes.toml:10: kind must be one of"),
    ("questions/bank.toml", 'events = ["three", "one", "two"]', 'events = ["three", "one", "ghost"]',
     "questions/bank.toml:9: unknown timeline event(s): ghost"),
    ("questions/bank.toml", "answer = true", "answer = 3", "questions/bank.toml:60: a truefalse question needs"),
    ("quizzes.toml", '"q-tf"]', '"q-nope"]', "quizzes.toml:5: unknown question 'q-nope'"),
    ("timeline/events.toml", 'slug = "two"', 'slug = "two', "timeline/events.toml:9: TOML syntax"),
])
def test_errors_name_file_and_line(tmp_path, capsys, name, old, new, expected):
    """Every loader error names the file and the line, and nothing is written."""
    assert old in FILES[name]
    root = write_content(tmp_path, {name: FILES[name].replace(old, new)})
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_course", str(root))
    err = capsys.readouterr().err
    assert f"{tmp_path}/{expected}" in err, err
    assert Lesson.objects.count() == 0


@pytest.mark.django_db
def test_check_mode_writes_nothing(tmp_path):
    """--check validates and writes nothing."""
    load(write_content(tmp_path), "--check")
    assert Lesson.objects.count() == 0


@pytest.mark.django_db
def test_missing_folder_is_a_clear_error(tmp_path):
    """A folder without course.toml is refused with a message."""
    with pytest.raises(CommandError, match="no course.toml"):
        call_command("load_course", str(tmp_path))


WEIGHTED = '''
[[question]]
slug = "q-weights"
lesson = "hello"
anchor = "first"
type = "multiple"
topic = "theory"
stem = "Which apply?"
explanation = "Two do."

[[question.option]]
text = "Mostly this"
correct = true
weight = 0.7

[[question.option]]
text = "Partly this"
correct = true
weight = 0.3

[[question.option]]
text = "Not this"
weight = 0

[[question]]
slug = "q-credit"
lesson = "hello"
anchor = "first"
type = "short"
topic = "theory"
stem = "Which town?"
explanation = "Tskhinvali."
accepted = ["Tskhinvali", {text = "Tskhin*", fraction = 0.5, feedback = "Nearly."}]

[[question]]
slug = "q-extra"
lesson = "hello"
anchor = "first"
type = "matching"
topic = "causes"
stem = "Match."
explanation = "Kinds."

[[question.pair]]
item = "Separatism"
category = "Distant"

[[question.pair]]
item = "The NATO bid"
category = "Near"

[[question.pair]]
category = "Not a cause"
'''


@pytest.mark.django_db
def test_content_files_hold_weights_credit_and_extra_categories(tmp_path):
    """An option's weight, an accepted answer's credit and feedback, and a category with no item load as written."""
    from quizzes.models import Question
    load(write_content(tmp_path, {"questions/bank.toml": FILES["questions/bank.toml"] + WEIGHTED}))
    weights = Question.objects.get(slug="q-weights").options.order_by("position").values_list("weight", flat=True)
    assert list(weights) == [0.7, 0.3, 0.0]
    accepted = Question.objects.get(slug="q-credit").accepted_answers.order_by("id")
    assert [(a.text, a.fraction, a.feedback) for a in accepted] == [("Tskhinvali", 1.0, ""), ("Tskhin*", 0.5, "Nearly.")]
    pairs = Question.objects.get(slug="q-extra").match_pairs.order_by("position").values_list("item", "category")
    assert list(pairs)[-1] == ("", "Not a cause")
