"""SMS bodies rendered for real contacts, through the content app's sandbox (content/templating.py).

One template module for the house: an approved SMS item was checked against content's sample contact
before submission; the preview and, later, the sending engine render it against real contacts with the
same sandboxed environment (StrictUndefined: a missing variable is an error, never a blank). The variables
are the ones content checks with: `name`, `phone`, `province`, also as `contact.name` etc.
"""

from __future__ import annotations

from collections.abc import Callable

from content import templating
from core.errors import DomainError
from dispatch.contacts.phones import phone_mask_e164
from dispatch.models import Contact


def check_syntax(text: str) -> None:
    """A body that is too long, does not even parse, or crosses a bound of the sandbox for the sample
    contact is refused outright (on `text`, naming why). Other render errors are each contact's."""
    try:
        templating.check_syntax(text, field="text")
    except templating.TemplateInvalid as exc:  # the preview's request is bad: a 400, as it always was
        raise DomainError(exc.message, field=exc.field) from None
    try:
        templating.render_sample(text, field="text")
    except templating.TemplateTooCostly:
        raise
    except DomainError:
        pass


def contact_context(contact: Contact, *, mask_phone: bool = False) -> dict:
    """The variables of content's sample contact, filled from a real one (its number masked for a viewer
    who may not see it in the contact list)."""
    values = {
        "name": contact.name,
        "phone": phone_mask_e164(contact.phone) if mask_phone else contact.phone,
        "province": contact.province.name if contact.province_id else "",
    }
    return {"contact": values, **values}


def render_for(text: str, contact: Contact, *, mask_phone: bool = False) -> str:
    """Render for one contact; a sandbox or undefined-variable error is a DomainError saying which."""
    return templating.render(text, contact_context(contact, mask_phone=mask_phone), field="text").strip()


def renderer(text: str) -> Callable[[Contact], str]:
    """Compile once, render for many contacts (a blast renders one template per recipient); each render
    is bounded and any error reads exactly as the preview's (a TemplateInvalid naming the problem)."""
    try:
        render_one = templating.compile_template(text, field="text")
    except DomainError:  # refused per contact, as the engine records each message's verdict
        return lambda contact: render_for(text, contact)
    return lambda contact: render_one(contact_context(contact)).strip()
