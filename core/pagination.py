"""The API's one pagination rule (NINJA_PAGINATION_CLASS): bounded limit and offset on every list.

ninja's own LimitOffsetPagination accepts any integer, and an offset past PostgreSQL's bigint was a 500 on
every list endpoint; here both are checked in the schema, so a wrong value is a 422 naming the field.
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
# PostgreSQL's OFFSET is a bigint.
MAX_OFFSET = 2**63 - 1 - MAX_LIMIT


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Số dòng mỗi trang (1–{MAX_LIMIT})")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu dòng đầu")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
