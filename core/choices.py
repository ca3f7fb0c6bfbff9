"""One validator for coded choices (TextChoices), so every service refuses an unknown code the same way."""

from django.utils.translation import gettext as _

from .errors import DomainError


def choice_clean(value, choices, *, field: str) -> str:
    """`value` if it is one of `choices`' codes, else a DomainError naming the field and the codes allowed."""
    if value not in choices.values:
        raise DomainError(
            _("Giá trị '%(value)s' không hợp lệ; chọn một trong: %(options)s.")
            % {"value": value, "options": ", ".join(choices.values)},
            field=field,
        )
    return value


def choices_clean(values, choices, *, field: str) -> list[str]:
    """Each of `values` checked as by `choice_clean`, duplicates dropped, order kept."""
    return [choice_clean(value, choices, field=field) for value in dict.fromkeys(values or [])]
