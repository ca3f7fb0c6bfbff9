"""System checks of the accounts app: what notification emails need in production."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def base_url_check(app_configs, **kwargs):
    """`check --deploy`: MUA_BASE_URL must be this site's absolute https address, or every link in an
    email would be a bare path no mail reader can open (or point at the dev server)."""
    url = getattr(settings, "MUA_BASE_URL", "") or ""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.netloc and parts.hostname not in ("127.0.0.1", "localhost"):
        return []
    return [
        Error(
            f"MUA_BASE_URL is {url!r}: set it to the https address people open Mùa at "
            "(e.g. https://mua.example.vn); notification emails build their links on it.",
            hint="export MUA_BASE_URL=https://<your host> (docs/configuration.md)",
            id="accounts.E001",
        )
    ]
