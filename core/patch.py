"""PATCH bodies: a field left out is unchanged; a field sent as null must be one that may be empty.

`{"news_per_week": null}` reached the model as None and failed as a 500; a PatchSchema refuses an explicit
null (422 naming the field) for every field not listed in `nullable`.
"""

from typing import ClassVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ValidationInfo, field_validator


class PatchSchema(Schema):
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _no_explicit_null(cls, value, info: ValidationInfo):
        if value is None and info.field_name not in cls.nullable:
            raise ValueError(_("Trường này không được để trống (null); bỏ trường đi nếu không muốn đổi."))
        return value
