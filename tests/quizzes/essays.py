"""Builders for essay tests: a two-criterion rubric and an essay question with it."""

from quizzes.models import Question
from quizzes.types.essay import EssayKey, Rubric, RubricCriterion, RubricLevel

MODEL = "MODEL-ANSWER-SECRET Russia read enlargement as encirclement."
GRADER = "GRADER-INFO-SECRET look for Walt's four conditions."


def make_rubric(course, slug="argument"):
    rubric = Rubric.objects.create(course=course, slug=slug, title="Case argument")
    for position, (cslug, title) in enumerate([("claim", "Claim"), ("evidence", "Evidence")], start=1):
        criterion = RubricCriterion.objects.create(rubric=rubric, position=position, slug=cslug, title=title,
                                                   description=f"How good the {cslug} is.")
        for i, points in enumerate([0, 1, 2], start=1):
            RubricLevel.objects.create(criterion=criterion, position=i, points=points,
                                       description=f"{title} level {points}")
    return rubric


def make_essay(course, lesson, rubric=None, slug="q-essay", **key):
    question = Question.objects.create(course=course, slug=slug, type="essay", topic="theory",
                                       stem="Using Walt's conditions, explain how Russia read NATO.",
                                       explanation="EXPLANATION-AFTER-RELEASE", lesson=lesson,
                                       anchor="security-dilemma", points=4)
    EssayKey.objects.create(question=question, rubric=rubric, model_answer=MODEL, grader_info=GRADER,
                            **{"min_words": 3, "max_words": 50, **key})
    return question
