"""The errors the core raises: each carries a message for the user, in Vietnamese first.

Apps and the CLI show ``error.message`` (or ``error.message_en`` when English is set) and log
the detail; nothing else should reach a user.
"""

from __future__ import annotations


class LaysoError(Exception):
    """Base of every error a user may see. ``message`` is Vietnamese, ``message_en`` English."""

    def __init__(self, message: str, message_en: str | None = None, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.detail = detail

    def localized(self, language: str) -> str:
        return self.message_en if language == "en" else self.message


class ConfigError(LaysoError):
    """A config file or LAYSO_* variable is missing, malformed or of the wrong type."""


class DatabaseUnavailable(LaysoError):
    """The database cannot be reached (server down, file locked too long, network gone)."""


class DatabaseBusy(DatabaseUnavailable):
    """The database is there but busy: a SQLite file locked by another PC past the busy
    timeout, a PostgreSQL lock or statement timeout. Try again; nothing was done."""


class DatabaseStorageError(DatabaseUnavailable):
    """The database cannot write: a read-only folder or file, a full disk."""


class NotADatabase(ConfigError):
    """The configured file exists but is not a LấySố database (not SQLite, or damaged)."""


class SchemaMismatch(LaysoError):
    """The database was made by another version of LấySố: upgrade it or the app."""


class NotFound(LaysoError):
    """A site, service, counter, clerk, ticket, procedure or dossier that does not exist."""


class InvalidOperation(LaysoError):
    """An operation not allowed in the current state (finish a ticket the counter isn't serving)."""


class CatalogError(LaysoError):
    """A procedure catalog file with bad rows; ``problems`` lists them with line numbers."""

    def __init__(self, message: str, message_en: str | None = None, *,
                 problems: list[str] | None = None) -> None:
        super().__init__(message, message_en, detail="\n".join(problems or []))
        self.problems = problems or []


class AuthError(LaysoError):
    """Wrong user name or password, or an account locked after repeated failures."""


class PrinterError(LaysoError):
    """A printer that is unplugged, out of paper or not answering."""
