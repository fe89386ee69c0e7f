"""A logging filter that keeps NIKs (and any 16-digit run) out of every log line."""

from __future__ import annotations

import logging
import re

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


def redact(text: str) -> str:
    """Replace every standalone 16-digit run with a fixed marker."""
    return _SIXTEEN_DIGITS.sub("[NIK]", text)


class RedactNikFilter(logging.Filter):
    """Rewrite the formatted message so a NIK passed as an argument is redacted too, and the
    traceback of a logged exception (a data library's error can quote the offending values).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
