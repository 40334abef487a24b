"""A logging filter that keeps OAuth codes, tokens, passwords and API keys out of log lines.

The code paths log no secrets; this covers what libraries log, such as uvicorn's access line
for ``/oauth/gmail/callback?code=…&state=…``. Lines are percent-decoded first (repeatedly, for
double encoding), so ``rqs%5F…`` or ``%6Bey=…`` cannot slip past the patterns."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

REDACTED = "[REDACTED]"
_SECRET_NAMES = (
    r"code|state|access_token|refresh_token|id_token|token|client_secret|password|api_key|key"
)
MAX_DECODE_ROUNDS = 4  # %25-encoding nested deeper than this is redacted as a whole line
_PATTERNS = (
    # query strings and form bodies: code=…&state=…
    (re.compile(rf"(?i)\b({_SECRET_NAMES})=[^&\s\"']+"), rf"\1={REDACTED}"),
    # JSON and dict reprs: "refresh_token": "…"
    (
        re.compile(rf"(?i)([\"']({_SECRET_NAMES})[\"']\s*:\s*[\"'])[^\"']*"),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\1{REDACTED}"),
    # API keys (rqs_…) and browser session tokens (rqss_…)
    (re.compile(r"\b(rqss?_)[A-Za-z0-9_-]+"), rf"\1{REDACTED}"),
)


def redact(text: str) -> str:
    text = _percent_decoded(text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _percent_decoded(text: str) -> str:
    for _ in range(MAX_DECODE_ROUNDS):
        decoded = unquote(text)
        if decoded == text:
            return text
        text = decoded
    return REDACTED if "%" in text else text


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
