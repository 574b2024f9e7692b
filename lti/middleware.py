"""Casebook inside an LMS's iframe.

The site's CSP says `frame-ancestors 'none'` and X-Frame-Options DENY. Only for
the LTI endpoints and for sessions an LTI launch began, both give way to the
registered platforms' origins (LtiFrameMiddleware). Such sessions' cookies are
`SameSite=None; Secure` over HTTPS, or the browser would not send them inside
the LMS's frame (LtiCookieMiddleware); everyone else keeps Lax cookies."""

from django.conf import settings

from lti import services

LTI_PATH_PREFIX = "/lti/"


def _session_origins(request) -> list[str] | None:
    session = getattr(request, "session", None)
    if session is None or not session.get(services.FRAME_ORIGINS_SESSION_KEY):
        return None
    return session[services.FRAME_ORIGINS_SESSION_KEY]


class LtiFrameMiddleware:
    """Listed last, so it marks the response before the CSP and X-Frame-Options middleware write their headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = _session_origins(request)
        if origins is None and request.path.startswith(LTI_PATH_PREFIX):
            origins = services.frame_origins()
        if origins:
            base = getattr(response, "_csp_config", settings.SECURE_CSP)
            response._csp_config = {**base, "frame-ancestors": origins}
            response.xframe_options_exempt = True
        return response


class LtiCookieMiddleware:
    """Listed before the session and CSRF middleware, so it sees the cookies they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.is_secure() and (request.path.startswith(LTI_PATH_PREFIX) or _session_origins(request)):
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        return response
