"""Errors users see: one line, a code, and an exit status.

Exit codes (documented in the README):
    0  success
    1  a check failed (validation violations, evaluation below target)
    2  usage or input error (bad argument, unreadable / not-a-report file, bad query)
    3  partial success: some reports of a corpus failed, the rest were built
    4  internal error (a bug: please report it)
"""
from __future__ import annotations

__all__ = ["KGError", "InputError", "QueryError", "ConfigError", "EXIT_OK", "EXIT_FAILED",
           "EXIT_USAGE", "EXIT_PARTIAL", "EXIT_INTERNAL"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_INTERNAL = 4


class KGError(Exception):
    """Base of all errors shown to users: ``[E###] message — what to do``."""

    code = "E000"
    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code

    def __str__(self) -> str:  # one line, always
        msg = " ".join(str(self.args[0]).split()) if self.args else ""
        return f"[{self.code}] {msg}"


class InputError(KGError):
    """A report or input path that cannot be read as a report."""

    code = "E100"


class QueryError(KGError):
    """A SPARQL query that is unknown, malformed or failed."""

    code = "E200"


class ConfigError(KGError):
    """A rules, reference or settings file that is malformed."""

    code = "E300"
