"""The course files' essays: rubrics.toml, essay questions and the quiz's release setting."""

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import Question, Quiz, Release
from quizzes.types.essay import EssayKey, Rubric
from tests.content_tree import FILES, write_content

RUBRICS = '''[[rubric]]
slug = "case-argument"
title = "Case argument"
[[rubric.criterion]]
slug = "claim"
title = "Claim"
description = "A claim the answer defends."
[[rubric.criterion.level]]
points = 0
description = "No claim."
[[rubric.criterion.level]]
points = 3
description = "A clear claim."
[[rubric.criterion]]
slug = "evidence"
title = "Evidence"
[[rubric.criterion.level]]
points = 0
description = "None."
[[rubric.criterion.level]]
points = 2
description = "Dates and figures from the case."
'''
ESSAYS = '''[[question]]
slug = "an-nato"
type = "essay"
topic = "causes"
lesson = "hello"
anchor = "first"
stem = "How did Russia read NATO's enlargement?"
template = "Claim: ..."
min_words = 50
max_words = 400
rubric = "case-argument"
grader_info = "Look for the balance of threat."
model_answer = "Russia read it as a threat."

[[question]]
slug = "an-free"
type = "essay"
topic = "theory"
lesson = "hello"
anchor = "first"
stem = "Where does the account leave gaps?"
points = 6
'''
QUIZ = '''
[[quiz]]
slug = "case-analysis"
title = "Case analysis"
topic = "mixed"
questions = ["an-nato", "an-free"]
feedback = "after_submit"
release = "manual"
'''


def load(root):
    call_command("load_course", str(root), stdout=open("/dev/null", "w"))


def tree(tmp_path, **overrides):
    files = {"rubrics.toml": RUBRICS, "questions/analysis-essays.toml": ESSAYS,
             "quizzes.toml": FILES["quizzes.toml"] + QUIZ}
    files.update(overrides)
    return write_content(tmp_path, files)


@pytest.mark.django_db
def test_rubrics_essays_and_release_load_and_reload_in_place(tmp_path):
    """The rubric's criteria and levels, the essays' keys (the rubric's points, or free points) and the quiz's
    release load; loading again changes nothing, and an edited level is rewritten in place."""
    root = tree(tmp_path)
    load(root)
    rubric = Rubric.objects.get(slug="case-argument")
    assert rubric.as_snapshot()["criteria"][0]["levels"] == [
        {"points": 0, "description": "No claim."}, {"points": 3, "description": "A clear claim."}]
    nato = Question.objects.get(slug="an-nato")
    key = EssayKey.objects.get(question=nato)
    assert (nato.type, nato.points, key.rubric, key.min_words, key.max_words, key.template) == (
        "essay", 5, rubric, 50, 400, "Claim: ...")
    free = Question.objects.get(slug="an-free")
    assert (free.points, free.essay_key.rubric, free.explanation) == (6, None, "")
    assert Quiz.objects.get(slug="case-analysis").release == Release.MANUAL
    pks = (rubric.pk, key.pk)
    load(root)
    assert (Rubric.objects.get().pk, EssayKey.objects.get(question=nato).pk) == pks
    (tmp_path / "rubrics.toml").write_text(RUBRICS.replace("A clear claim.", "A claim, defended."))
    load(root)
    assert Rubric.objects.get().as_snapshot()["criteria"][0]["levels"][1]["description"] == "A claim, defended."


@pytest.mark.django_db
@pytest.mark.parametrize("name, old, new, expected", [
    ("questions/analysis-essays.toml", 'rubric = "case-argument"', 'rubric = "ghost"', "no rubric 'ghost'"),
    ("questions/analysis-essays.toml", "points = 6", 'points = 6\nrubric = "case-argument"',
     "give either rubric or points"),
    ("questions/analysis-essays.toml", "min_words = 50", "min_words = 500", "minimum number of words is above"),
    ("rubrics.toml", 'slug = "evidence"', 'slug = "claim"', "duplicate criterion slug 'claim'"),
    ("rubrics.toml", "points = 2", 'points = "two"', "needs at least two [[rubric.criterion.level]]"),
    ("quizzes.toml", 'release = "manual"', 'release = "later"', "release must be one of"),
    ("quizzes.toml", 'release = "manual"', "time_limit = 30", "a timed quiz holds no essays"),
])
def test_essay_content_errors_are_reported(tmp_path, capsys, name, old, new, expected):
    """A bad rubric, essay or release is an error naming the file, and nothing is loaded."""
    files = {"rubrics.toml": RUBRICS, "questions/analysis-essays.toml": ESSAYS,
             "quizzes.toml": FILES["quizzes.toml"] + QUIZ}
    assert old in files[name]
    root = tree(tmp_path, **{name: files[name].replace(old, new)})
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_course", str(root))
    err = capsys.readouterr().err
    assert name in err and expected in err, err
    assert not Question.objects.exists()
