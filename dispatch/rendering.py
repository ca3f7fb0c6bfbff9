"""User-written SMS bodies render in Jinja2's sandbox with StrictUndefined: a missing variable is an error
at preview time, never a blank in a sent message (DESIGN.md "Templates")."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from config.errors import DomainError

from .models import Contact


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def compile_body(text: str):
    """The compiled template, or a DomainError naming the line of the syntax error."""
    try:
        return environment().from_string(text)
    except TemplateSyntaxError as exc:
        raise DomainError(
            f"Mẫu tin nhắn sai cú pháp ở dòng {exc.lineno}: {exc.message}", field="text"
        ) from None


def contact_context(contact: Contact) -> dict:
    """The variables a body may use (Vietnamese and English names)."""
    province = contact.province
    context = {
        "name": contact.name,
        "phone": "0" + contact.phone[3:],
        "province": province.name if province else "",
        "province_2025": province.successor.name if province and province.successor_id else "",
        "kind": contact.get_kind_display(),
        "tags": contact.tag_list,
    }
    context.update(ten=context["name"], so_dien_thoai=context["phone"], tinh=context["province"])
    context["contact"] = dict(context)  # {{ contact.name }} works as well as {{ name }}
    return context


def render_for(template, contact: Contact) -> str:
    """Render for one contact; sandbox and undefined-variable errors become a DomainError."""
    try:
        return template.render(contact_context(contact)).strip()
    except TemplateError as exc:
        raise DomainError(f"Lỗi khi dựng tin nhắn: {exc}", field="text") from None
