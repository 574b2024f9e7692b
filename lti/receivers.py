"""lti's listener on the quizzes app's hook (quizzes/signals.py)."""

from django.db import transaction

from lti import services


def grade_changed(sender, attempt, **kwargs):
    """Queue the student's new quiz grade for each LMS line item of the quiz in
    the same transaction as the grade (an outbox), and send it once that commits."""
    queued = services.grade_queue(quiz_id=attempt.quiz_id, user_id=attempt.user_id)
    if queued:
        transaction.on_commit(lambda: services.grades_send_new(queued))
