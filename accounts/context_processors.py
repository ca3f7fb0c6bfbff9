"""What the layout shows on every page: the signed-in user, their organisation, unread notifications and the
role-aware menu (see accounts.navigation)."""

from .navigation import menu_for
from .permissions import actor_for_user
from .selectors import notification_unread_count


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    actor = actor_for_user(user)
    orgs = sorted(actor.organisations.values(), key=lambda o: o.name)
    return {
        "nav_menu": menu_for(actor=actor, path=request.path),
        "nav_organisation": orgs[0] if orgs else None,
        "nav_unread": notification_unread_count(user=user),
    }
