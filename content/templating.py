"""User-written SMS bodies are Jinja2 templates, rendered only in the sandbox with StrictUndefined.

One module for the content app (checking a template before submission) and the dispatch app (rendering
each message), so the rules are the same at preview time and at send time: a missing variable is an
error, never a blank, and the sandbox refuses attribute access it considers unsafe.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from core.errors import DomainError

# What a contact offers a template; dispatch passes the real contact as a dict with the same keys.
SAMPLE_CONTACT = {
    "name": "Nguyễn Văn An",
    "phone": "+84912345678",
    "province": "Bắc Giang",
}


class TemplateInvalid(DomainError):
    """A template that does not render in the sandbox; the message says why."""

    status_code = 422


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    # No autoescape: SMS is plain text, and HTML escaping would put &amp; into a text message.
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def render(source: str, context: dict, *, field: str = "body") -> str:
    """Render `source` against `context`, or raise TemplateInvalid naming the problem."""
    try:
        return environment().from_string(source).render(**context)
    except UndefinedError as exc:
        raise TemplateInvalid(f"Mẫu tin nhắn dùng biến không có: {exc.message}.", field=field) from None
    except SecurityError as exc:
        raise TemplateInvalid(f"Mẫu tin nhắn làm việc bị cấm trong hộp cát: {exc}.", field=field) from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (dòng {line})" if line else ""
        raise TemplateInvalid(f"Mẫu tin nhắn sai cú pháp{where}: {exc.message}.", field=field) from None


def render_sample(source: str, *, field: str = "body") -> str:
    """Render against the sample contact: the check an SMS body passes before it can be submitted."""
    return render(source, {"contact": SAMPLE_CONTACT, **SAMPLE_CONTACT}, field=field)
