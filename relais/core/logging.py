"""Logging filters."""

from __future__ import annotations

import logging


class RefusalsInOneLine(logging.Filter):
    """A refused request (403) is expected behaviour, not a crash: log it as one line, without the
    traceback Django attaches (`django.request` logs "Forbidden (Permission denied)" with exc_info)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
