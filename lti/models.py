"""What Casebook keeps about LMS launches beyond django-lti's own models
(lti_tool: registrations, deployments, users, contexts, memberships): which
class a course context is, which quiz a line item grades, the grade outbox,
and the extra origins a platform frames Casebook from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiContext, LtiRegistration, LtiUser

from lessons.models import Cohort
from quizzes.models import Quiz


class FrameOrigin(models.Model):
    """An origin besides the issuer's and the auth URL's from which a
    platform shows Casebook in an iframe (Canvas: the school's own
    `https://school.instructure.com`, while its issuer is canvas.instructure.com)."""

    registration = models.ForeignKey(LtiRegistration, on_delete=models.CASCADE, related_name="frame_origins",
                                     verbose_name=_("registration"))
    origin = models.URLField(_("origin"), help_text=_("Scheme and host only, e.g. https://school.instructure.com"))

    class Meta:
        ordering = ["origin"]
        verbose_name = _("frame origin")
        verbose_name_plural = _("frame origins")
        constraints = [models.UniqueConstraint(fields=["registration", "origin"], name="lti_frame_origin_unique")]

    def __str__(self):
        return self.origin


class ContextClass(models.Model):
    """One LMS course context is one Casebook class."""

    context = models.OneToOneField(LtiContext, on_delete=models.CASCADE, related_name="casebook_class",
                                   verbose_name=_("LMS context"))
    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="lti_context",
                                  verbose_name=_("class"))
    roster_synced_at = models.DateTimeField(_("roster synced"), null=True, blank=True)

    class Meta:
        ordering = ["cohort"]
        verbose_name = _("LMS class")
        verbose_name_plural = _("LMS classes")

    def __str__(self):
        return f"{self.context} → {self.cohort}"


class QuizLineItem(models.Model):
    """The LMS gradebook column (AGS line item) a quiz's grades go to, in one context."""

    context = models.ForeignKey(LtiContext, on_delete=models.CASCADE, related_name="quiz_line_items",
                                verbose_name=_("LMS context"))
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="lti_line_items", verbose_name=_("quiz"))
    url = models.URLField(_("line item URL"), max_length=500)

    class Meta:
        ordering = ["context", "quiz"]
        verbose_name = _("quiz line item")
        verbose_name_plural = _("quiz line items")
        constraints = [models.UniqueConstraint(fields=["context", "quiz"], name="lti_one_line_item_per_quiz")]

    def __str__(self):
        return f"{self.quiz} in {self.context}"


class GradePostStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    SUPERSEDED = "superseded", _("Superseded by a newer grade")


class GradePost(models.Model):
    """The grade outbox: a grade is written here with the attempt that set it,
    then sent. A failed send stays pending (with the error) and is retried by
    `manage.py lti_retry` and before the next send; never lost."""

    line_item = models.ForeignKey(QuizLineItem, on_delete=models.CASCADE, related_name="grade_posts",
                                  verbose_name=_("line item"))
    lti_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="grade_posts",
                                 verbose_name=_("LMS user"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grade_posts",
                             verbose_name=_("student"))
    percent = models.FloatField(_("grade (%)"), null=True, blank=True,
                                help_text=_("Empty: no submitted attempt left (after a reset)."))
    status = models.CharField(_("status"), max_length=12, choices=GradePostStatus.choices,
                              default=GradePostStatus.PENDING)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    tried_at = models.DateTimeField(_("last tried"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("grade post")
        verbose_name_plural = _("grade posts")
        constraints = [
            models.CheckConstraint(condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                                   name="lti_grade_post_percent"),
        ]
        indexes = [models.Index(fields=["status"], name="lti_grade_post_status")]

    def __str__(self):
        return f"{self.user} · {self.line_item} · {self.get_status_display()}"
