"""Parts of the wave page that belong to apps above campaigns (content: the wave's items and its
publications per week). Campaigns never imports them: each app registers a provider at start-up, as
content does for the at-risk rule. A provider takes (actor, wave) and returns a WaveSection or None."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from accounts.permissions import Actor

from .models import Campaign


@dataclass(frozen=True)
class WaveAction:
    url: str
    label: str
    id: str  # the link's HTML id
    primary: bool = False


@dataclass(frozen=True)
class WaveSection:
    template: str  # included in campaigns/campaign.html with `section` in its context
    context: dict = field(default_factory=dict)
    actions: tuple[WaveAction, ...] = ()  # links shown with the page's own actions, at the top


WAVE_SECTION_PROVIDERS: list[Callable[[Actor, Campaign], WaveSection | None]] = []


def register_wave_section(provider: Callable[[Actor, Campaign], WaveSection | None]) -> None:
    if provider not in WAVE_SECTION_PROVIDERS:
        WAVE_SECTION_PROVIDERS.append(provider)


def wave_sections(*, actor: Actor, campaign: Campaign) -> list[WaveSection]:
    sections = (provider(actor, campaign) for provider in WAVE_SECTION_PROVIDERS)
    return [section for section in sections if section is not None]
