"""Template context: what the header needs to know about the user's role."""

from lessons import roles


def user_roles(request):
    user = request.user
    return {
        "user_is_instructor": roles.is_instructor(user),
        "user_is_administrator": roles.is_administrator(user),
    }
