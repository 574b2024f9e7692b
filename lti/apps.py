from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = _("LTI (learning management systems)")

    def ready(self):
        # The one place lti listens to quizzes: a grade that may have changed is
        # queued for the LMS gradebook (see quizzes/signals.py and lti/services.py).
        from lti import receivers
        from quizzes.signals import quiz_grade_changed

        quiz_grade_changed.connect(receivers.grade_changed, dispatch_uid="lti-grade-changed")
