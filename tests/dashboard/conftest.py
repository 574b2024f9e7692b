import pytest

from core import roles
from tests.classroom import enrol, read, take
from tests.factories import make_cohort, make_quiz, make_user


@pytest.fixture
def klass(course_data, questions, instructor):
    """A class of two students with some reading and attempts, and a timed
    quiz of every question type (two attempts allowed)."""
    cohort = make_cohort(course_data["course"], instructor)
    quiz = make_quiz(course_data["course"], list(questions.values()), title="Everything quiz",
                     time_limit_minutes=30, attempts_allowed=2, pass_mark=60)
    lin = enrol(cohort, "lin", first_name="林", last_name="美華")
    sam = enrol(cohort, "sam", first_name="Sam", last_name="Carter")
    read(lin, course_data["lesson"])
    read(lin, course_data["second"], complete=False)
    take(quiz, lin)
    take(quiz, sam, right=False)
    return {"cohort": cohort, "quiz": quiz, "lin": lin, "sam": sam, "questions": questions, **course_data}


@pytest.fixture
def other_instructor(db):
    return make_user("other-teacher", roles.INSTRUCTORS)
