"""The authorization table: every URL of the site, the method it is reached with, and what each kind of
visitor gets; and the address of each URL on the site that tests/site.py builds.

The instructors: `instructor` authors the course and teaches the class;
`teacher` co-teaches that class but is no author; `other_instructor` opened a
class of the same course of their own (anyone who teaches can) and is no
author either: teaching, whichever class, gives no authoring rights."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "student", "other_student", "other_instructor", "teacher", "instructor", "admin"]
LOGIN = "login"  # a redirect to the log-in page
OK = "ok"        # access granted: 200 for a GET, a redirect (not to the log-in page) for a POST


def everyone(code):
    return dict.fromkeys(ROLES, code)


def signed_in(code):
    return {**everyone(code), "anonymous": LOGIN}


def owner_only(code):
    return {"anonymous": LOGIN, "student": code, "other_student": 404, "other_instructor": 404, "teacher": 404,
            "instructor": 404, "admin": 404}


def instructors(other=404):
    """The class's pages: its instructors (teacher or author) and administrators."""
    return {"anonymous": LOGIN, "student": 403, "other_student": 403, "other_instructor": other,
            "teacher": OK, "instructor": OK, "admin": OK}


def authors():
    """The course's authoring pages: its authors and administrators; teaching a class of it is not enough."""
    return {**instructors(), "teacher": 404}


# The editor's endpoints answer a POST in place (200), not with a redirect.
EDITOR = {"anonymous": 403, "student": 403, "other_student": 403, "other_instructor": 200, "teacher": 200,
          "instructor": 200, "admin": 200}

# name: (method, expected by role)
TABLE = {
    "lessons:home": ("get", everyone(200)),
    "lessons:course": ("get", everyone(200)),
    "lessons:glossary": ("get", everyone(200)),
    "lessons:timeline": ("get", everyone(200)),
    "lessons:figures": ("get", everyone(200)),
    "lessons:join": ("get", signed_in(200)),
    "lessons:enrol": ("post", signed_in(302)),
    "lessons:lesson": ("get", signed_in(200)),
    "lessons:lesson-complete": ("post", signed_in(302)),
    "lessons:lesson-time": ("post", signed_in(400)),
    "signup": ("get", everyone(200)),
    "login": ("get", everyone(200)),
    "logout": ("post", everyone(302)),
    "password_change": ("get", signed_in(200)),
    "password_change_done": ("get", signed_in(200)),
    "password_reset": ("get", everyone(200)),
    "password_reset_done": ("get", everyone(200)),
    "password_reset_confirm": ("get", everyone(200)),
    "password_reset_complete": ("get", everyone(200)),
    "set_language": ("post", everyone(302)),
    "javascript-catalog": ("get", everyone(200)),
    "markdownx_markdownify": ("post", EDITOR),
    "markdownx_upload": ("post", {**EDITOR, "other_instructor": 400, "teacher": 400, "instructor": 400,
                                  "admin": 400}),
    "quizzes:progress": ("get", signed_in(200)),
    "quizzes:quiz": ("get", signed_in(200)),
    "quizzes:start": ("post", signed_in(302)),
    "quizzes:attempt": ("get", owner_only(200)),
    "quizzes:save": ("post", owner_only(302)),
    "quizzes:submit": ("get", owner_only(200)),
    "quizzes:review": ("get", owner_only(302)),
    "quizzes:preview": ("post", owner_only(200)),
    "authoring:grading-queue": ("get", authors()),
    "authoring:grading-release": ("post", authors()),
    "authoring:grading-answer": ("get", authors()),
    "authoring:home": ("get", instructors(other=OK)),
    "authoring:course-authors": ("get", authors()),
    "authoring:course-author-remove": ("post", authors()),
    "authoring:quiz-list": ("get", authors()),
    "authoring:quiz-create": ("get", authors()),
    "authoring:quiz-edit": ("get", authors()),
    "authoring:quiz-questions": ("post", authors()),
    "authoring:quiz-publish": ("post", authors()),
    "authoring:quiz-duplicate": ("post", authors()),
    "authoring:quiz-export": ("get", authors()),
    "authoring:question-list": ("get", authors()),
    "authoring:question-create": ("get", authors()),
    "authoring:question-import": ("get", authors()),
    "authoring:question-edit": ("get", authors()),
    "authoring:question-preview": ("get", authors()),
    "authoring:question-delete": ("post", authors()),
    "authoring:quiz-regrade": ("get", authors()),
    "review:settings": ("get", signed_in(200)),
    "review:course": ("get", signed_in(200)),
    "review:answer": ("post", signed_in(400)),  # an empty form names no card
    "review:rate": ("post", signed_in(400)),    # an empty form has no signed rating
    "dashboard:classes": ("get", instructors(other=OK)),
    "dashboard:overview": ("get", instructors()),
    "dashboard:matrix": ("get", instructors()),
    "dashboard:roster": ("get", instructors()),
    "dashboard:regenerate-code": ("post", instructors()),
    "dashboard:add-instructor": ("post", instructors()),
    "dashboard:remove-student": ("post", instructors()),
    "dashboard:student": ("get", instructors()),
    "dashboard:accommodate": ("post", instructors()),
    "dashboard:attempt-reset": ("post", instructors()),
    "dashboard:quiz-report": ("get", instructors()),
    "dashboard:quiz-regrade": ("get", instructors()),
    "dashboard:attempt-regrade": ("get", instructors()),
    "dashboard:export-grades": ("get", instructors()),
    "dashboard:export-responses": ("get", instructors()),
    # LTI: the platform's endpoints answer anyone (a bare request is a 400 page); the rest need a launch or a class.
    "lti:jwks": ("get", everyone(200)),
    "lti:login": ("get", everyone(400)),
    "lti:launch": ("post", everyone(400)),
    "lti:deep-link": ("post", {**everyone(403), "anonymous": LOGIN}),
    "lti:class": ("get", instructors()),
    "lti:roster-sync": ("post", instructors()),
    "admin:index": ("get", {"anonymous": LOGIN, "student": LOGIN, "other_student": LOGIN,
                            "other_instructor": LOGIN, "teacher": LOGIN, "instructor": LOGIN, "admin": 200}),
}
# Django admin's own pages are walked by tests/admin/; here admin:index stands for them.
NOT_IN_TABLE = {"admin"}


def site_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                if pattern.namespace in NOT_IN_TABLE:
                    continue
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def address(site, name) -> str:
    k = site["kwargs"]
    per_name = {
        "lessons:course": ["course"], "lessons:enrol": ["course"], "lessons:glossary": ["course"],
        "lessons:timeline": ["course"], "lessons:figures": ["course"],
        "lessons:lesson": ["course", "chapter", "lesson"], "lessons:lesson-complete": ["course", "chapter", "lesson"],
        "lessons:lesson-time": ["course", "chapter", "lesson"], "quizzes:quiz": ["course", "quiz"],
        "quizzes:start": ["course", "quiz"], "password_reset_confirm": ["uidb64", "token"],
        "review:course": ["course"], "review:answer": ["course"], "review:rate": ["course"],
    }
    if name.startswith("authoring:") and name != "authoring:home":
        keys = ["course"] + (["quiz"] if ("quiz-" in name or name in ("authoring:grading-queue",
                                                                     "authoring:grading-release"))
                             and name != "authoring:quiz-list" and name != "authoring:quiz-create" else [])
        keys += ["question"] if name.startswith("authoring:question-") and name not in (
            "authoring:question-list", "authoring:question-create", "authoring:question-import") else []
        keys += ["qtype"] if name == "authoring:question-create" else []
        # The course's only author: removing them is refused, so the row tests who gets in, not the removal.
        extra = {"user_id": site["users"]["instructor"].pk} if name == "authoring:course-author-remove" else {}
        if name == "authoring:grading-answer":
            extra = {"response": site["essay"].pk}
        return reverse(name, kwargs={**{key: k[key] for key in keys}, **extra})
    if name.startswith("quizzes:") and name in ("quizzes:attempt", "quizzes:save", "quizzes:submit", "quizzes:review",
                                                "quizzes:preview"):
        return reverse(name, kwargs={"pk": site["attempt"].pk})
    if name in ("lti:class", "lti:roster-sync"):
        return reverse(name, kwargs={"pk": site["cohort"].pk})
    if name.startswith("dashboard:") and name != "dashboard:classes":
        extra = {}
        if name in ("dashboard:remove-student", "dashboard:student", "dashboard:accommodate"):
            extra["user_id"] = site["student"].pk
        if name in ("dashboard:attempt-reset", "dashboard:attempt-regrade"):
            extra["attempt_id"] = site["done"].pk
        if name in ("dashboard:quiz-report", "dashboard:quiz-regrade"):
            extra["quiz_id"] = site["quiz"].pk
        return reverse(name, kwargs={"pk": site["cohort"].pk, **extra})
    return reverse(name, kwargs={key: k[key] for key in per_name.get(name, [])})
