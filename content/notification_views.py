"""The notifications page: one line per kind of notice about one thing (with a count), newest first; open
one (its line is marked read and its link followed), mark one line read, or mark everything read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Notification
from accounts.permissions import actor_for_user
from accounts.selectors import notification_group_rows, notification_groups
from accounts.services import notification_group_mark_read, notification_mark_all_read
from core.errors import DomainError

GROUPS_PER_PAGE = 30


@login_required
@require_GET
def notifications(request):
    actor = actor_for_user(request.user)
    page = Paginator(notification_groups(actor=actor), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "content/notifications.html",
        {"page": page, "groups": notification_group_rows(page.object_list)},
    )


def _back(request):
    """Back to the page of the list the person was on (a page number only, never an address)."""
    page = request.POST.get("page", "")
    url = "content:notifications"
    return redirect(f"/content/notifications/?page={page}") if page.isdigit() else redirect(url)


def _mark_group(request, notification_id: int):
    """Mark the line read; the notification, or a 403 page when it is someone else's."""
    notification = get_object_or_404(Notification, pk=notification_id)
    try:
        notification_group_mark_read(actor=actor_for_user(request.user), notification=notification)
    except DomainError as exc:
        return None, render(request, "content/forbidden.html", {"message": exc.message}, status=403)
    return notification, None


@login_required
@require_POST
def notification_open(request, notification_id: int):
    notification, refused = _mark_group(request, notification_id)
    if refused is not None:
        return refused
    # Links are written by our services, but never follow one off this site.
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link)
    return _back(request)


@login_required
@require_POST
def notification_read(request, notification_id: int):
    _notification, refused = _mark_group(request, notification_id)
    return refused if refused is not None else _back(request)


@login_required
@require_POST
def notification_read_all(request):
    try:
        count = notification_mark_all_read(actor=actor_for_user(request.user))
    except DomainError as exc:
        return render(request, "content/forbidden.html", {"message": exc.message}, status=403)
    messages.success(
        request,
        ngettext("Đã đánh dấu %(n)s thông báo là đã đọc.", "Đã đánh dấu %(n)s thông báo là đã đọc.", count)
        % {"n": count},
    )
    return redirect("content:notifications")
