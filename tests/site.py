"""The small site that the authorization table and the page scans walk: a course with an author, a class with
its teacher, another class's teacher, two students, a quiz of every type and an essay quiz, with attempts."""

from core import roles
from lessons.services import enrolment_create
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user
from tests.quizzes.essays import make_essay, make_rubric


def build_site(*, essay_text="Russia feared NATO.", before_attempts=None) -> dict:
    """The site, ready for every URL of the table; `before_attempts(course)` may change the content before any
    attempt takes its snapshot (the Chinese scan writes the content in Chinese there)."""
    course, lesson, _ = make_course()
    author = make_user("author", roles.INSTRUCTORS)
    course.authors.add(author)
    cohort = make_cohort(course, author)
    teacher = make_user("teacher", roles.INSTRUCTORS)
    cohort.instructors.add(teacher)
    other_teacher = make_user("other-teacher", roles.INSTRUCTORS)
    make_cohort(course, other_teacher, code="ELSEWHERE")
    student = make_user("student")
    other = make_user("other-student")
    for user in (student, other):
        enrolment_create(user=user, course=course, cohort=cohort)
    questions = make_questions(course, lesson)
    quiz = make_quiz(course, list(questions.values()))
    essay_quiz = make_quiz(course, [make_essay(course, lesson, make_rubric(course))], slug="essays")
    if before_attempts is not None:
        before_attempts(course)
        quiz.refresh_from_db()
    done = attempt_submit(attempt=attempt_start(quiz=quiz, user=other))
    essay_attempt = attempt_start(quiz=essay_quiz, user=other)
    essay_attempt.responses.update(answer={"text": essay_text})
    attempt_submit(attempt=essay_attempt)
    attempt = attempt_start(quiz=quiz, user=student)
    users = {"anonymous": None, "student": student, "other_student": other, "other_instructor": other_teacher,
             "teacher": teacher, "instructor": author, "admin": make_user("root", roles.ADMINISTRATORS)}
    kwargs = {
        "course": course.slug, "chapter": lesson.chapter.slug, "lesson": lesson.slug, "quiz": quiz.slug,
        "question": questions["single"].slug, "qtype": "single", "uidb64": "MQ", "token": "bad-token",
    }
    return {"users": users, "kwargs": kwargs, "cohort": cohort, "attempt": attempt, "done": done,
            "essay": essay_attempt.responses.get(), "student": student, "quiz": quiz, "course": course,
            "lesson": lesson}
