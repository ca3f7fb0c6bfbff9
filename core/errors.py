"""Domain errors that services raise and the API turns into JSON responses in one place."""


class DomainError(Exception):
    """A request that cannot be carried out; `field` names the offending input when there is one."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404


class PermissionDenied(DomainError):
    status_code = 403


class AuthenticationFailed(DomainError):
    status_code = 401


class Conflict(DomainError):
    status_code = 409
