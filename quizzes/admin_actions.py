"""What the admin's attempt actions do: regrade after a question's key is
corrected, export as CSV, delete with a confirmation. Kept out of admin.py so
each step can be tested on its own."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons import csv_export
from quizzes.models import Attempt, Question, Response
from quizzes.types import get_type
from quizzes.services import attempt_regrade

# ---- regrade ------------------------------------------------------------------


def refreshed_key(snapshot: dict, fresh: dict) -> tuple[dict | None, str]:
    """The key of `fresh` (a question's snapshot made now) in the terms of the
    stored `snapshot`, or (None, why not): each type says when its answers
    still mean the same thing."""
    if fresh["type"] != snapshot["type"]:
        return None, _("the question's type has changed")
    return get_type(snapshot["type"]).refreshed_key(snapshot, fresh)


@dataclass
class ResponseChange:
    position: int
    slug: str
    old_score: float | None
    new_score: float | None
    key_changed: bool
    note: str = ""


@dataclass
class RegradePlan:
    """What regrading one attempt would do, computed without writing."""

    attempt: Attempt
    old: float | None
    new: float | None = None
    changes: list[ResponseChange] = field(default_factory=list)
    snapshots: dict[int, dict] = field(default_factory=dict)  # response pk → snapshot with the current key
    skipped: str = ""

    @property
    def changed(self) -> bool:
        return not self.skipped and (self.old != self.new or bool(self.snapshots))

    @property
    def changed_questions(self) -> list[str]:
        return [c.slug for c in self.changes if c.key_changed or c.old_score != c.new_score]

    @property
    def notes(self) -> list[str]:
        return [f"{c.slug}: {c.note}" for c in self.changes if c.note]


def _fresh_snapshot(question: Question, cache: dict) -> dict | None:
    if question.pk not in cache:
        try:
            cache[question.pk] = get_type(question.type).snapshot(question)
        except ObjectDoesNotExist:  # e.g. a date question whose key row was removed
            cache[question.pk] = None
    return cache[question.pk]


def _editions_with_key(snapshot: dict, fresh: dict) -> dict:
    """The other editions' words for the new key (a model answer, feedback), beside their words for the rest of
    the question as the attempt showed it."""
    if not snapshot.get("editions"):
        return {}
    editions = {}
    for language, overlay in snapshot["editions"].items():
        new = (fresh.get("editions") or {}).get(language, {})
        editions[language] = {**{k: v for k, v in overlay.items() if k != "key"},
                              **({"key": new["key"]} if "key" in new else {})}
    return {"editions": editions}


def regrade_plans(attempts) -> list[RegradePlan]:
    """For each attempt: the scores with each question's current key."""
    attempts = (attempts.select_related("user", "quiz")
                .prefetch_related("responses__question__options", "responses__question__ordering_items",
                                  "responses__question__match_pairs", "responses__question__accepted_answers",
                                  "responses__question__date_key", "responses__question__lesson__chapter__course"))
    cache: dict[int, dict | None] = {}
    plans = []
    for attempt in attempts:
        plan = RegradePlan(attempt=attempt, old=attempt.score)
        plans.append(plan)
        if attempt.is_open:
            plan.skipped = _("not submitted yet")
            continue
        total = 0.0
        for response in attempt.responses.all():
            snapshot, note = response.snapshot, ""
            if response.question is None:
                note = _("the question was deleted; its stored key is kept")
            else:
                fresh = _fresh_snapshot(response.question, cache)
                key, note = refreshed_key(snapshot, fresh) if fresh else (None, _("the question has no key"))
                if key is not None and key != snapshot["key"]:
                    snapshot = {**snapshot, "key": key, **_editions_with_key(snapshot, fresh)}
                    plan.snapshots[response.pk] = snapshot
                if note:
                    note = _("%(why)s; its stored key is kept") % {"why": note}
            if get_type(snapshot["type"]).manual:
                score = response.score  # a person's grade (essays): a key correction does not change it
            else:
                score = get_type(snapshot["type"]).grade(snapshot, response.answer) * snapshot["points"]
            total += score or 0.0
            plan.changes.append(ResponseChange(
                position=response.position, slug=snapshot.get("slug", "?"), old_score=response.score,
                new_score=score, key_changed=response.pk in plan.snapshots, note=note))
        plan.new = None if attempt.grading == Attempt.Grading.AWAITING else round(total, 4)
    return plans


@transaction.atomic
def regrade_apply(plan: RegradePlan) -> tuple[float | None, float]:
    """Write the corrected keys into the responses' snapshots, then regrade
    the attempt from them (quizzes.services.attempt_regrade)."""
    responses = list(Response.objects.filter(attempt=plan.attempt, pk__in=plan.snapshots))
    for response in responses:
        response.snapshot = plan.snapshots[response.pk]
    Response.objects.bulk_update(responses, ["snapshot"])
    # A fresh instance: the plan's attempt holds prefetched responses with the old snapshots.
    return attempt_regrade(attempt=Attempt.objects.get(pk=plan.attempt.pk))


def regrade_message(plan: RegradePlan, old, new) -> str:
    """The history entry: what changed and why."""
    questions = ", ".join(plan.changed_questions) or _("none")
    return _("Regraded with the questions' current keys: score %(old)s → %(new)s (questions changed: "
             "%(questions)s).") % {"old": _score(old), "new": _score(new), "questions": questions}


def regrade_run(plans: list[RegradePlan], *, user) -> list[RegradePlan]:
    """Apply every plan that changes something and record each in the
    attempt's history (the admin's log), as the admin's action does; the plans applied."""
    from django.contrib.admin.models import CHANGE, LogEntry

    applied = []
    for plan in plans:
        if not plan.changed:
            continue
        old, new = regrade_apply(plan)
        plan.old, plan.new = old, new
        LogEntry.objects.log_actions(user.pk, [plan.attempt], CHANGE, regrade_message(plan, old, new),
                                     single_object=True)
        applied.append(plan)
    return applied


def _score(value) -> str:
    return "—" if value is None else f"{round(value, 2):g}"


# ---- CSV ----------------------------------------------------------------------

def attempts_csv(attempts) -> HttpResponse:
    """One row per attempt, for a spreadsheet."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casebook-attempts-{stamp}.csv"'
    writer = csv_export.writer(response)
    writer.writerow([_("attempt id"), _("username"), _("student"), _("course"), _("quiz"), _("attempt number"),
                     _("instructor preview"), _("started"), _("submitted"), _("score"), _("maximum score"),
                     _("percent"), _("status")])
    for attempt in attempts.select_related("user", "quiz__course").order_by("quiz__course", "quiz", "user", "number"):
        writer.writerow([
            attempt.pk, attempt.user.get_username(), attempt.user.get_full_name(), attempt.quiz.course.slug,
            attempt.quiz.slug, attempt.number, _("yes") if attempt.is_preview else _("no"),
            _iso(attempt.started_at), _iso(attempt.submitted_at),
            "" if attempt.score is None else attempt.score, attempt.max_score,
            "" if attempt.percent is None else attempt.percent,
            attempt.get_grading_display() if attempt.grading else _("in progress") if attempt.is_open else _("graded"),
        ])
    return response


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
