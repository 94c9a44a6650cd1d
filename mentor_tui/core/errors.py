"""Errors a user can cause. Each carries one sentence that says what to do."""


class UserError(Exception):
    """Bad input from a person: shown as one line, never as a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """An id or name that does not exist."""


class DateError(UserError):
    """A date or cadence in words that could not be read without guessing."""


class AgendaError(UserError):
    """An agenda file that cannot be loaded; the message names file and line."""


class TemplateError(UserError):
    """A follow-up template that cannot be rendered; the message names file and line."""


class StoreError(UserError):
    """The database cannot be opened or written (corrupt, newer, locked, read-only, full)."""


class ImportError_(UserError):
    """A data file or bundle that cannot be imported; nothing was changed."""


class NotAllowed(UserError):
    """Something outside what the signed-in person may see or do; nothing was changed."""


class SignInError(UserError):
    """A wrong passphrase, or too many of them; nothing was changed."""
