"""The quizzes app's one hook point for apps that depend on it.

`quiz_grade_changed` is sent (through `quiz_grade_changed_send`) whenever a
student's grade on a quiz may have changed: an attempt submitted (by the
student or at its deadline), regraded, reset or deleted, or its essays graded
or released. Receivers get the `attempt` (after a reset, the
deleted row's in-memory copy) and read the grade themselves from
`attempt.quiz_id` and `attempt.user_id` (`quizzes.grading.quiz_grade_percent` over the
submitted attempts), so the quizzes app never imports its listeners. It is sent inside the service's
transaction: a receiver that talks to the outside world must wait for
`transaction.on_commit`. Previews never send it.

Listeners today: lti (posts the grade to the LMS gradebook; connected in
lti.apps.LtiConfig.ready).
"""

from django.dispatch import Signal

quiz_grade_changed = Signal()  # kwargs: attempt


def quiz_grade_changed_send(*, attempt) -> None:
    """Tell the listeners that the attempt's student's grade on its quiz may have changed; not for a preview."""
    if not attempt.is_preview:
        quiz_grade_changed.send(sender=type(attempt), attempt=attempt)
