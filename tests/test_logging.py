"""No NIK reaches a log line, whichever logger writes it."""

from __future__ import annotations

import logging

from kawal.logredact import RedactNikFilter, redact


def test_redact_replaces_sixteen_digit_runs_only():
    assert redact("cari 7413034507900001 di desa") == "cari [NIK] di desa"
    assert redact("telepon 081234567890, NPP 12345678901234567") == (
        "telepon 081234567890, NPP 12345678901234567"
    )


def test_filter_redacts_arguments_too():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET /persons/?q=%s HTTP/1.1" 200',
        ("7413034507900001",),
        None,
    )
    assert RedactNikFilter().filter(record) is True
    assert record.getMessage() == '"GET /persons/?q=[NIK] HTTP/1.1" 200'


def test_filter_redacts_a_logged_traceback():
    try:
        raise ValueError("conversion failed for values ['7413034507900001']")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "kawal.intake.pipeline",
            logging.ERROR,
            __file__,
            1,
            "import job %s failed",
            (3,),
            sys.exc_info(),
        )
    assert RedactNikFilter().filter(record) is True
    text = logging.Formatter().format(record)
    assert "7413034507900001" not in text
    assert "ValueError: conversion failed for values ['[NIK]']" in text


def test_configured_server_logger_redacts():
    server = logging.getLogger("django.server")
    handler_filters = [f for h in server.handlers for f in h.filters]
    assert any(isinstance(f, RedactNikFilter) for f in handler_filters)
