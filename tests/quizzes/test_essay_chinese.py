"""Essays in the Chinese edition: the course's essays and rubrics load in both languages, a Chinese answer is
counted in characters, and a released grade reads in the student's language."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from lessons.models import Course
from quizzes import selectors, services
from quizzes.models import Question, Quiz
from quizzes.types.essay import Rubric, count_words, essay_grade, quiz_release
from tests.content_tree import write_content
from tests.factories import make_user

ZH = "zh-hant"


@pytest.fixture
def course(db):
    call_command("load_course", "content", stdout=io.StringIO())
    return Course.objects.get()


def test_chinese_is_counted_a_character_a_word_and_punctuation_is_no_word():
    """A Chinese sentence counts its characters; full-width punctuation separates words and counts for nothing."""
    assert count_words("Russia read NATO as a threat.") == 6
    assert count_words("俄羅斯把北約東擴視為威脅。") == 12
    assert count_words("在2008年8月，俄羅斯 NATO「北約」") == 11


def test_every_essay_and_rubric_of_the_course_has_its_chinese_edition(course):
    """The twelve essays carry a Chinese stem, template and model answer; each rubric its criteria and levels."""
    essays = Question.objects.filter(type="essay")
    assert essays.count() == 12
    for essay in essays:
        assert {"stem", "model_answer", "grader_info"} <= set(essay.zh_hant), essay.slug
    for rubric in Rubric.objects.prefetch_related("criteria__levels"):
        criteria = list(rubric.criteria.all())
        assert len(rubric.zh_hant["criteria"]) == len(criteria), rubric.slug
        for english, chinese in zip(criteria, rubric.zh_hant["criteria"], strict=True):
            assert chinese["title"] and len(chinese["levels"]) == english.levels.count()


def test_a_chinese_essay_is_written_and_its_released_grade_read_in_chinese(client, course):
    """A student reading Chinese sees the essay in Chinese, writes enough characters for the minimum, and after
    release reads the rubric's criteria, the levels reached and the model answer in Chinese."""
    quiz = Quiz.objects.get(slug="case-analysis")
    student, grader = make_user("reader"), make_user("grader")
    client.force_login(student)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = ZH
    attempt = services.attempt_start(quiz=quiz, user=student)
    response = attempt.responses.get(position=1)
    essay = Question.objects.get(pk=response.question_id)
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert essay.zh_hant["stem"].split("\n")[0].replace("**", "")[:20] in page

    least = response.snapshot["min_words"]
    text = "俄羅斯認為北約東擴威脅其安全。" * (least // 14 + 1)
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), {"q1": text},
                        headers={"X-Requested-With": "fetch"}).json()
    assert saved["errors"] == {}
    assert selectors.attempt_incomplete_warnings(attempt.responses.filter(position=1)) == {}
    attempt = services.attempt_submit(attempt=attempt)

    rubric = response.snapshot["key"]["rubric"]
    response.refresh_from_db()
    essay_grade(response=response, grader=grader, levels={c["slug"]: len(c["levels"]) - 1 for c in rubric["criteria"]},
                comment="論證清楚。")
    for other in attempt.responses.exclude(position=1).filter(snapshot__type="essay"):
        essay_grade(response=other, grader=grader, points=0) if not other.snapshot["key"].get("rubric") else (
            essay_grade(response=other, grader=grader,
                        levels={c["slug"]: 0 for c in other.snapshot["key"]["rubric"]["criteria"]}))
    quiz_release(quiz=quiz)
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    chinese_rubric = Rubric.objects.get(slug=rubric["slug"]).zh_hant
    assert chinese_rubric["criteria"][0]["title"] in review
    assert chinese_rubric["criteria"][0]["levels"][-1] in review
    assert rubric["criteria"][0]["title"] not in review
    first_line = essay.zh_hant["model_answer"].split("\n")[0].replace("**", "")
    assert first_line[6:26] in review  # past the bold opening words, which the Markdown wraps


def test_a_rubric_translation_that_drops_a_level_fails_by_file_and_line(tmp_path, db):
    """A rubric variant must translate every criterion and level, in order; a missing level is reported."""
    root = write_content(tmp_path, chinese=True)
    (root / "rubrics.toml").write_text(
        '[[rubric]]\nslug = "r"\ntitle = "R"\n[[rubric.criterion]]\nslug = "claim"\ntitle = "Claim"\n'
        'description = "d"\n[[rubric.criterion.level]]\npoints = 0\ndescription = "none"\n'
        '[[rubric.criterion.level]]\npoints = 2\ndescription = "clear"\n', encoding="utf-8")
    (root / "rubrics.zh-hant.toml").write_text(
        '[[rubric]]\nslug = "r"\ntitle = "量表"\n[[rubric.criterion]]\ntitle = "主張"\ndescription = "說明"\n'
        '[[rubric.criterion.level]]\ndescription = "沒有"\n', encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("load_course", str(root), "--check", stdout=out, stderr=out)
    assert "rubrics.zh-hant.toml:1: criterion 1 ('claim'): 2 [[rubric.criterion.level]] in English" in out.getvalue()
