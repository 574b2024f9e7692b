"""Template context: what the header needs to know about the user's role."""

from core import roles


def user_roles(request):
    # An error page can render before AuthenticationMiddleware has run: a bad
    # Host header is refused by the middleware ahead of it, so there may be no
    # request.user yet. Such a visitor has no role.
    user = getattr(request, "user", None)
    if user is None:
        return {"user_is_instructor": False, "user_is_administrator": False}
    return {
        "user_is_instructor": roles.is_instructor(user),
        "user_is_administrator": roles.is_administrator(user),
    }
