"""/api/v1/dispatch/ (endpoints arrive with their issues)."""

from ninja import Router

router = Router(tags=["dispatch"])
