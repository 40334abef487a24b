"""Server-rendered HTML shared by the browser pages: escaping, times, the house style and the
document shell. Every value from mail or from a tenant goes through ``text`` (attribute-safe
escaping); nothing here reads a request."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from urllib.parse import urlencode

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1200px;padding:16px 24px;color:#1f2328;background:#f6f8fa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}td.num{text-align:right}
details.run{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:8px 0;
padding:8px 12px}
details.run[open]{box-shadow:0 1px 3px rgba(0,0,0,.08)}
summary{cursor:pointer}.message{margin:4px 0 0 4px;color:#57606a}
.badge{display:inline-block;white-space:nowrap;border-radius:10px;padding:0 8px;
font-size:12px;font-weight:600}
.ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#a40e26}
.info{background:#ddf4ff;color:#0550ae}.muted-badge{background:#eaeef2;color:#57606a}
.muted{color:#6e7781}.small{font-size:12px}.error{color:#a40e26}
a{color:#0969da}form{margin:12px 0}input{width:28em}
code{background:#eaeef2;padding:1px 4px;border-radius:4px}
nav{margin:4px 0 12px}nav a{margin-right:14px}nav a.current{font-weight:600;color:#1f2328}
"""


def text(value: object) -> str:
    return "" if value is None else escape(str(value), quote=True)


def time_tag(value: datetime | None) -> str:
    if value is None:
        return "<span class='muted'>—</span>"
    utc = value.astimezone(UTC)
    return f"<time datetime='{utc.isoformat()}'>{utc:%Y-%m-%d %H:%M:%S} UTC</time>"


def href(path: str, params: list[tuple[str, str]]) -> str:
    """A link's escaped href: the path and its query string."""
    return text(f"{path}?{urlencode(params)}" if params else path)


def document(title: str, body: str, *, head: str = "", style: str = "", script: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"{head}<meta name='referrer' content='no-referrer'>"
        f"<title>{text(title)} · reqstream</title><style>{STYLE}{style}</style></head>"
        f"<body>{body}{f'<script>{script}</script>' if script else ''}</body></html>"
    )
