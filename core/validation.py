"""Validation errors (pydantic's, as django-ninja reports them) in the user's language, with field labels.

pydantic writes "Field required" and "Input should be a valid integer" in English whatever the user reads;
this turns each error into a sentence of Mùa's catalogue ("Chưa điền Số hộ lên sàn." / "Households
onboarded is required."). The label is the `verbose_name` of the model field of that name when one
exists (the API's inputs are named after the models' fields), else the input's own name.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# pydantic's error type → a sentence with %(field)s and the error's context values.
MESSAGES = {
    "missing": gettext_lazy("Chưa điền %(field)s."),
    "string_too_long": gettext_lazy("%(field)s dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_lazy("%(field)s cần ít nhất %(min_length)s ký tự."),
    "string_type": gettext_lazy("%(field)s phải là văn bản."),
    "string_pattern_mismatch": gettext_lazy("%(field)s không đúng định dạng."),
    "int_parsing": gettext_lazy("%(field)s phải là số nguyên."),
    "int_type": gettext_lazy("%(field)s phải là số nguyên."),
    "int_from_float": gettext_lazy("%(field)s phải là số nguyên."),
    "float_parsing": gettext_lazy("%(field)s phải là số."),
    "float_type": gettext_lazy("%(field)s phải là số."),
    "decimal_parsing": gettext_lazy("%(field)s phải là số."),
    "greater_than": gettext_lazy("%(field)s phải lớn hơn %(gt)s."),
    "greater_than_equal": gettext_lazy("%(field)s phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": gettext_lazy("%(field)s phải nhỏ hơn %(lt)s."),
    "less_than_equal": gettext_lazy("%(field)s phải nhỏ hơn hoặc bằng %(le)s."),
    "bool_parsing": gettext_lazy("%(field)s phải là có hoặc không (true/false)."),
    "bool_type": gettext_lazy("%(field)s phải là có hoặc không (true/false)."),
    "date_parsing": gettext_lazy("%(field)s phải là ngày dạng 2026-11-23."),
    "date_from_datetime_parsing": gettext_lazy("%(field)s phải là ngày dạng 2026-11-23."),
    "date_type": gettext_lazy("%(field)s phải là ngày dạng 2026-11-23."),
    "datetime_parsing": gettext_lazy("%(field)s phải là thời điểm dạng 2026-11-23T08:00:00+07:00."),
    "datetime_from_date_parsing": gettext_lazy("%(field)s phải là thời điểm dạng 2026-11-23T08:00:00+07:00."),
    "datetime_type": gettext_lazy("%(field)s phải là thời điểm dạng 2026-11-23T08:00:00+07:00."),
    "enum": gettext_lazy("%(field)s phải là một trong: %(expected)s."),
    "literal_error": gettext_lazy("%(field)s phải là một trong: %(expected)s."),
    "list_type": gettext_lazy("%(field)s phải là một danh sách."),
    "too_long": gettext_lazy("%(field)s có nhiều nhất %(max_length)s phần tử."),
    "too_short": gettext_lazy("%(field)s cần ít nhất %(min_length)s phần tử."),
    "dict_type": gettext_lazy("%(field)s phải là một đối tượng JSON."),
    "model_type": gettext_lazy("%(field)s phải là một đối tượng JSON."),
    "model_attributes_type": gettext_lazy("%(field)s phải là một đối tượng JSON."),
    "json_invalid": gettext_lazy("Nội dung gửi lên không phải JSON hợp lệ."),
    "json_type": gettext_lazy("Nội dung gửi lên không phải JSON hợp lệ."),
    "uuid_parsing": gettext_lazy("%(field)s phải là một UUID."),
    "url_parsing": gettext_lazy("%(field)s phải là một địa chỉ URL."),
    "extra_forbidden": gettext_lazy("Không nhận trường %(field)s."),
}
FALLBACK = gettext_lazy("%(field)s không hợp lệ.")
# Messages that our own validators raise (ValueError/AssertionError) are already in the user's language.
OWN_MESSAGE_TYPES = {"value_error", "assertion_error"}
# Where ninja put the input: the first part of `loc` is never a field name.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


@cache
def _labels() -> dict[str, str]:
    """Field name → verbose_name, from every installed model (first one wins: names agree across apps)."""
    labels: dict[str, object] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            verbose = getattr(field, "verbose_name", None)
            if verbose and field.name not in labels:
                labels[field.name] = verbose
                column = getattr(field, "attname", None)
                if column and column != field.name:
                    labels.setdefault(column, verbose)
    return labels


def field_path(loc) -> str | None:
    """('body', 'payload', 'title') → 'title'; ('query', 'week') → 'week'; nested: 'lines.0.phone'."""
    parts = [str(p) for p in loc or ()]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "data", "body", "filters"}:
        parts = parts[1:]
    return ".".join(parts) or None


def field_label(path: str | None) -> str:
    """The human name of an input: its model field's verbose_name in the active language, else its name."""
    if not path:
        return _("Dữ liệu")
    name = next((p for p in reversed(path.split(".")) if not p.isdigit()), path)
    label = _labels().get(name)
    return capfirst(str(label)) if label else name


def translate_error(error: dict) -> dict:
    """One pydantic error → {"field", "label", "message", "code"} with the message in the active language."""
    path = field_path(error.get("loc"))
    label = field_label(path)
    kind = error.get("type", "")
    if kind in OWN_MESSAGE_TYPES:
        message = str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    else:
        context = {key: _plain(value) for key, value in (error.get("ctx") or {}).items()}
        try:
            message = str(MESSAGES.get(kind, FALLBACK)) % {**context, "field": label}
        except (KeyError, TypeError, ValueError):
            message = str(FALLBACK) % {"field": label}
    return {"field": path, "label": label, "message": message, "code": kind or "invalid"}


def _plain(value) -> str:
    return str(value).replace("'", "") if not isinstance(value, int | float) else str(value)


def translate_errors(errors) -> list[dict]:
    return [translate_error(error) for error in errors or ()]
