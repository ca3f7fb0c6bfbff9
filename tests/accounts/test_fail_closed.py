"""Fail closed: trusted callers name themselves (a system actor); a read or write without an actor raises."""

import datetime as dt
import importlib
import inspect

import pytest

from accounts.permissions import Actor, PermissionDenied, system_actor
from tests import factories

# Every module of reads and writes; each public function taking `actor=` must refuse a missing one.
MODULES = [
    "accounts.selectors",
    "accounts.services",
    "campaigns.selectors",
    "campaigns.services",
    "campaigns.tokens",
    "content.selectors",
    "content.services",
    "content.comments",
    "content.publications",
    "content.feeds.selectors",
    "content.feeds.services",
    "dispatch.contacts.selectors",
    "dispatch.contacts.services",
    "dispatch.contacts.suppression",
    "dispatch.blasts.selectors",
    "dispatch.blasts.services",
    "dispatch.blasts.preview",
    "reports.selectors",
    "reports.services",
]


def _taking_an_actor():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, func in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(func) or func.__module__ != name:
                continue
            parameter = inspect.signature(func).parameters.get("actor")
            # Keyword-only `actor=`: the services' and selectors' signature (positional helpers such as
            # visible_to(qs, actor) call require_actor themselves).
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                yield f"{name}.{attr}", func


def test_every_public_read_and_write_taking_an_actor_checks_it_first():
    unchecked = [name for name, func in _taking_an_actor() if not getattr(func, "actor_required", False)]
    found = list(_taking_an_actor())
    assert len(found) > 50, "the modules above should hold every selector and service with an actor"
    assert unchecked == [], f"add @actor_required to: {unchecked}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "call",
    [
        lambda: importlib.import_module("content.selectors").item_list(actor=None),
        lambda: importlib.import_module("dispatch.contacts.selectors").contact_list(actor=None),
        lambda: importlib.import_module("dispatch.blasts.selectors").blast_list(actor=None),
        lambda: importlib.import_module("reports.selectors").reporting_organisations(),
        lambda: importlib.import_module("campaigns.services").campaign_plan_year(actor=None, year=2022),
    ],
    ids=["item_list", "contact_list", "blast_list", "reporting_organisations-no-actor", "campaign_plan_year"],
)
def test_a_selector_or_service_called_without_an_actor_raises(call):
    with pytest.raises(PermissionDenied, match="Không xác định được ai"):
        call()


@pytest.mark.django_db
def test_a_system_actor_passes_role_checks():
    from campaigns.services import campaign_plan_year
    from reports.services import report_file

    factories.season()
    command = system_actor("command:plan_campaigns")
    assert campaign_plan_year(actor=command, year=2022).created
    firm = factories.reporting_org()
    now = dt.datetime(2022, 2, 4, 9, tzinfo=dt.UTC)  # within week 2022-W05
    filed = report_file(
        actor=command, organisation=firm, week="2022-W05", figures={"press_articles": 1}, now=now
    )
    assert filed.created and filed.report.press_articles == 1


def test_a_person_or_api_key_is_never_a_system_actor_and_a_system_actor_needs_a_name():
    assert not Actor().is_system and not Actor(api_key_id=3).is_system
    assert system_actor("job:content_expire").label == "job:content_expire"
    with pytest.raises(ValueError, match="needs a name"):
        system_actor("")
