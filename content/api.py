"""/api/v1/content/ (endpoints arrive with their issues)."""

from ninja import Router

router = Router(tags=["content"])
