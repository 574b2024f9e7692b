"""Accounts: sign-up, log-in with the language chosen last time, the language switch, the lock-out page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from core import selectors, services
from core.forms import SignUpForm
from core.signup import SignUpRefused


def signup(request):
    """Create an account (a student); the sign-up parts (a class join code) run in the same transaction."""
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user, welcome = services.student_sign_up(form=form, request=request)
        except SignUpRefused as refusal:
            form.add_error(refusal.field, str(refusal))
            status = refusal.status
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            services.language_preference_set(user=user, language=translation.get_language())
            messages.success(request, welcome[0] if welcome else _("Welcome to Casebook!"))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form}, status=status)


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows after too many failed log-ins (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def _language_cookie(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_set(request):
    """Django's set_language (a cookie, then back to the page in `next`), and
    for a signed-in person the choice is remembered for their next log-in."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES)
            and translation.check_for_language(language)):
        services.language_preference_set(user=request.user, language=language)
    return response


class LoginView(auth_views.LoginView):
    """Django's log-in, then the language the person chose last time, on whatever device they chose it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = selectors.user_language(form.get_user())
        if language:
            translation.activate(language)
            _language_cookie(response, language)
        return response
