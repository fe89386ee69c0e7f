"""Errors raised by registry services; messages are for users (translated)."""

from __future__ import annotations


class RegistryError(Exception):
    """A write was refused. ``field`` names the form field the message belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class OutOfScope(RegistryError):
    """The user's role or region does not reach this person or place."""
