"""/api/v1/accounts/: who am I, organisations, API keys, my notifications."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from .models import ApiKey, Notification
from .schemas import (
    ApiKeyIn,
    ApiKeyOut,
    MarkedReadOut,
    MeOut,
    NewApiKeyOut,
    NotificationListOut,
    NotificationOut,
    OrganisationOut,
)
from .selectors import (
    apikey_list,
    notification_list,
    notification_unread_count,
    organisation_get,
    organisation_list,
)
from .services import apikey_create, apikey_revoke, notification_mark_all_read, notification_mark_read

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The caller: user or API key, and roles")
def me(request):
    actor = request.auth
    return {
        "username": getattr(actor.user, "username", None),
        "api_key": actor.api_key_id is not None,
        "roles": [
            {"organisation": actor.organisations[oid], "role": role} for oid, role in actor.roles.items()
        ],
    }


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations (kind filter)")
def organisations(request, kind: str | None = None):
    return list(organisation_list(kind=kind))


@router.get("/keys", response=list[ApiKeyOut], summary="API keys of organisations you administer")
def keys(request):
    return list(apikey_list(actor=request.auth))


@router.post("/keys", response={201: NewApiKeyOut}, summary="Create an API key (the key is shown only once)")
def key_create(request, payload: ApiKeyIn):
    organisation = organisation_get(code=payload.organisation)
    new = apikey_create(actor=request.auth, organisation=organisation, name=payload.name, role=payload.role)
    new.api_key.key = new.plaintext  # shown in this response only; never stored
    return Status(201, new.api_key)


@router.post("/keys/{key_id}/revoke", response=ApiKeyOut, summary="Revoke an API key")
def key_revoke(request, key_id: int):
    return apikey_revoke(actor=request.auth, api_key=get_object_or_404(ApiKey, pk=key_id))


@router.get("/notifications", response=NotificationListOut, summary="My in-app notifications, unread count")
def notifications(request, unread: bool = False):
    items = notification_list(actor=request.auth, unread_only=unread)
    return {"unread": notification_unread_count(user=request.auth.user), "items": list(items[:100])}


@router.post("/notifications/{notification_id}/read", response=NotificationOut, summary="Mark one read")
def notification_read(request, notification_id: int):
    notification = get_object_or_404(Notification, pk=notification_id)
    return notification_mark_read(actor=request.auth, notification=notification)


@router.post("/notifications/read-all", response=MarkedReadOut, summary="Mark all of mine read")
def notifications_read_all(request):
    return {"marked": notification_mark_all_read(actor=request.auth)}
