"""Indonesian mobile numbers as people type them: 0812-3456-789, +62 812 3456 789, 62812…"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s().\-/]")


def normalise_phone(raw: str | None) -> str | None:
    """Return the number as ``08…`` (10–13 digits), or ``None`` when it cannot be a mobile number.

    >>> normalise_phone("+62 812-3456-7890")
    '081234567890'
    >>> normalise_phone("6281234567890")
    '081234567890'
    >>> normalise_phone("81234567890")
    '081234567890'
    >>> normalise_phone("12345") is None
    True
    """
    if raw is None:
        return None
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if not (digits.isascii() and digits.isdigit()):
        return None  # only 0-9: str.isdigit also accepts other scripts' digits
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    elif digits.startswith("8"):
        digits = "0" + digits
    if not digits.startswith("08") or not 10 <= len(digits) <= 13:
        return None
    return digits
