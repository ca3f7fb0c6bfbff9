"""SMS bodies rendered for real contacts, through the content app's sandbox (content/templating.py).

One template module for the house: an approved SMS item was checked against content's sample contact
before submission; the preview and, later, the sending engine render it against real contacts with the
same sandboxed environment (StrictUndefined: a missing variable is an error, never a blank). The variables
are the ones content checks with: `name`, `phone`, `province`, also as `contact.name` etc.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import TemplateError, TemplateSyntaxError

from content import templating
from core.errors import DomainError
from dispatch.models import Contact


def check_syntax(text: str) -> None:
    """A body that does not even parse is refused outright (DomainError on `text`, with its line)."""
    try:
        templating.environment().parse(text)
    except TemplateSyntaxError as exc:
        raise DomainError(
            f"Mẫu tin nhắn sai cú pháp ở dòng {exc.lineno}: {exc.message}", field="text"
        ) from None


def contact_context(contact: Contact) -> dict:
    """The variables of content's sample contact, filled from a real one."""
    values = {
        "name": contact.name,
        "phone": contact.phone,
        "province": contact.province.name if contact.province_id else "",
    }
    return {"contact": values, **values}


def render_for(text: str, contact: Contact) -> str:
    """Render for one contact; a sandbox or undefined-variable error is a DomainError saying which."""
    return templating.render(text, contact_context(contact), field="text").strip()


def renderer(text: str) -> Callable[[Contact], str]:
    """Compile once, render for many contacts (a blast renders one template per recipient); any error is
    re-raised through `render_for`, so it reads exactly as the preview's."""
    try:
        template = templating.environment().from_string(text)
    except TemplateError:
        return lambda contact: render_for(text, contact)

    def render(contact: Contact) -> str:
        try:
            return template.render(**contact_context(contact)).strip()
        except TemplateError:
            return render_for(text, contact)

    return render
