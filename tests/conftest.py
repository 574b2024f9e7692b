import pytest
from django.core.cache import cache

from core import roles
from tests.factories import make_course, make_questions, make_user


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: the join-code limits keep their counts there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course_data(db):
    course, first, second = make_course()
    return {"course": course, "lesson": first, "second": second}


@pytest.fixture
def student(db):
    return make_user("student")


@pytest.fixture
def other_student(db):
    return make_user("other")


@pytest.fixture
def instructor(db):
    return make_user("teacher", roles.INSTRUCTORS)


@pytest.fixture
def administrator(db):
    return make_user("boss", roles.ADMINISTRATORS)


@pytest.fixture
def questions(course_data):
    return make_questions(course_data["course"], course_data["lesson"])
