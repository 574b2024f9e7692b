"""LTI 1.3 endpoints: the JWKS, OIDC login initiation, the launch (resource
link and deep linking), the deep-link pick, and a class's LMS page with the
roster sync. The protocol is django-lti's and pylti1p3's; the rules are in
lti.services."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lti_tool.models import Key
from lti_tool.utils import DjangoToolConfig
from lti_tool.views import OIDCLoginInitView
from lti_tool.views import jwks as library_jwks
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from core import roles
from lessons.models import Cohort
from lti import services
from lti.models import ContextClass
from quizzes.models import Quiz

log = logging.getLogger(__name__)


def _refused(request, message: str, status: int = 403):
    return render(request, "lti/refused.html", {"message": message}, status=status)


def _ensure_key() -> None:
    # A fresh install has no tool key yet; the first platform to ask gets one
    # made rather than an error (`manage.py rotate_keys` makes the next).
    if not Key.objects.active().exists():
        Key.objects.generate()


def jwks(request):
    """Casebook's public keys, for platforms to check what Casebook signs."""
    _ensure_key()
    return library_jwks(request)


class LoginView(OIDCLoginInitView):
    """OIDC third-party login initiation. First a small page checks that the
    browser keeps cookies in this frame; if not, it offers a new window and the
    launch continues there (pylti1p3's own check page is inline script, which
    our CSP forbids)."""

    def get_redirect_url(self, target_link_uri: str) -> str:
        # Always our own launch URL: the platform checks it against the
        # registered redirect URIs, and the target is in the custom parameters.
        return self.request.build_absolute_uri(reverse("lti:launch"))

    def get_oidc_response(self, request, registration_uuid, params):
        for name in ("iss", "login_hint", "target_link_uri"):
            if not params.get(name):
                return _refused(request, _("The LMS did not send %(name)s to start the launch.") % {"name": name},
                                status=400)
        if not params.get("lti1p3_new_window"):
            query = {**params.dict(), "lti1p3_new_window": "1"}
            return render(request, "lti/cookie_check.html",
                          {"continue_url": f"{request.path}?{urlencode(query)}"})
        _ensure_key()
        oidc_login = DjangoOIDCLogin(request, DjangoToolConfig(registration_uuid),
                                     launch_data_storage=DjangoCacheDataStorage())
        try:
            return oidc_login.redirect(self.get_redirect_url(params["target_link_uri"]))
        except (OIDCException, LtiException):
            return _refused(request, _("This LMS is not registered with Casebook (unknown issuer or client id)."))


@csrf_exempt  # the platform posts the signed id_token from its own site; the token is the proof
@require_POST
def launch(request):
    """The platform's signed launch: resource link (sign in, open the item) or deep linking (pick one)."""
    if not request.POST.get("id_token"):
        return _refused(request, _("The launch carried no id_token."), status=400)
    try:
        lti_launch = services.launch_validate(request)
    except services.LaunchRefused as refusal:
        return _refused(request, str(refusal))
    if lti_launch.is_deep_link_launch and not services.launch_is_instructor(lti_launch):
        return _refused(request, _("Only instructors pick Casebook content for a course."))
    if not (lti_launch.is_resource_launch or lti_launch.is_deep_link_launch):
        return _refused(request, _("Casebook does not handle this kind of LMS launch."), status=400)
    user = services.launch_sign_in(lti_launch=lti_launch)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    services.session_remember_launch(request=request, lti_launch=lti_launch)
    if lti_launch.is_deep_link_launch:
        return render(request, "lti/deep_link.html", {"choices": services.deep_link_choices()})
    target = services.launch_target(lti_launch)
    cohort = services.launch_class(lti_launch=lti_launch, user=user, target=target)
    if isinstance(target, Quiz):
        services.line_item_record(lti_launch=lti_launch, quiz=target)
    if cohort is not None and services.launch_is_instructor(lti_launch):
        _roster_sync_quietly(cohort)
    if target is not None:
        return redirect(target.get_absolute_url())
    return redirect(cohort.course.get_absolute_url() if cohort else "lessons:home")


def _roster_sync_quietly(cohort) -> None:
    link = ContextClass.objects.select_related("context", "cohort__course").get(cohort=cohort)
    if not link.context.memberships_url:
        return
    try:
        services.roster_sync(link=link)
    except LtiException as error:  # the launch goes on; the class page offers a retry
        log.warning("LTI: roster sync on launch failed for class %s: %s", cohort.pk, error)


@require_POST
@login_required
def deep_link(request):
    """The instructor's pick goes back to the LMS as a signed deep-linking response."""
    lti_launch = services.launch_from_session(request)
    if lti_launch is None or not lti_launch.is_deep_link_launch or not services.launch_is_instructor(lti_launch):
        raise PermissionDenied
    try:
        resource = services.deep_link_resource(value=request.POST.get("item", ""),
                                               launch_url=request.build_absolute_uri(reverse("lti:launch")))
    except services.LaunchRefused as refusal:
        return render(request, "lti/deep_link.html", {"choices": services.deep_link_choices(),
                                                      "error": str(refusal)}, status=400)
    settings_claim = lti_launch.get_claim("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings")
    return_url = (settings_claim or {}).get("deep_link_return_url", "")
    if not services.origin_of(return_url):
        return _refused(request, _("The LMS gave no address to send your choice back to."), status=400)
    deep_link_ = lti_launch.get_message_launch().get_deep_link()
    response = render(request, "lti/deep_link_return.html", {
        "return_url": return_url, "jwt": deep_link_.get_response_jwt([resource]), "title": resource.get_title()})
    # The one form that leaves Casebook: to the LMS's return URL.
    response._csp_config = {**settings.SECURE_CSP, "form-action": [CSP.SELF, services.origin_of(return_url)]}
    return response


@roles.instructor_required
def class_lms(request, pk):
    """A class's LMS link: which course context it is, the roster's last sync, grades not yet sent."""
    cohort = get_object_or_404(Cohort.objects.taught_by(request.user).select_related("course"), pk=pk)
    link = ContextClass.objects.select_related("context").filter(cohort=cohort).first()
    pending = services.grades_pending_count(cohort=cohort) if link else 0
    return render(request, "lti/class.html", {"cohort": cohort, "link": link, "pending": pending})


@require_POST
@roles.instructor_required
def roster_sync(request, pk):
    cohort = get_object_or_404(Cohort.objects.taught_by(request.user), pk=pk)
    link = ContextClass.objects.select_related("context", "cohort__course").filter(cohort=cohort).first()
    if link is None:
        messages.error(request, _("This class is not linked to an LMS course."))
    else:
        try:
            count = services.roster_sync(link=link)
        except LtiException as error:
            log.warning("LTI: roster sync failed for class %s: %s", cohort.pk, error)
            messages.error(request, _("The LMS did not send the roster. Try again later."))
        else:
            messages.success(request, _("Roster synced from the LMS: %(n)s people.") % {"n": count})
    return redirect("lti:class", pk=cohort.pk)
