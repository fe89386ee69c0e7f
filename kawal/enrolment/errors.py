"""Errors raised by enrolment services; messages are for users (translated)."""

from __future__ import annotations

from kawal.registry.errors import OutOfScope, RegistryError


class EnrolmentError(RegistryError):
    """A lifecycle step was refused (wrong role, wrong status, maker-checker, quota)."""


__all__ = ["EnrolmentError", "OutOfScope"]
