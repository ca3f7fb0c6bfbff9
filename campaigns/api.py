"""/api/v1/campaigns/ (endpoints arrive with their issues)."""

from ninja import Router

router = Router(tags=["campaigns"])
