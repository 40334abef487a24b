"""A logging filter that keeps OAuth codes, tokens, passwords and API keys out of log lines.

The code paths log no secrets; this covers what libraries log, such as uvicorn's access line
for ``/oauth/gmail/callback?code=…&state=…``."""

from __future__ import annotations

import logging
import re

REDACTED = "[REDACTED]"
_SECRET_NAMES = (
    r"code|state|access_token|refresh_token|id_token|token|client_secret|password|api_key"
)
_PATTERNS = (
    # query strings and form bodies: code=…&state=…
    (re.compile(rf"(?i)\b({_SECRET_NAMES})=[^&\s\"']+"), rf"\1={REDACTED}"),
    # JSON and dict reprs: "refresh_token": "…"
    (
        re.compile(rf"(?i)([\"']({_SECRET_NAMES})[\"']\s*:\s*[\"'])[^\"']*"),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\1{REDACTED}"),
    (re.compile(r"\brqs_[A-Za-z0-9_-]+"), f"rqs_{REDACTED}"),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            # the traceback's exception messages can quote request data too
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg = redact(message)
        record.args = None
        return True


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Attach the filter to every handler of ``logger`` (the root logger by default); handler
    filters, unlike logger filters, also see records propagated from child loggers."""
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(RedactSecrets())
