"""The run page's integrations table: each integration's status, last sync and connection
health (push state, last notification, cursor age, sign-in health and its known lapse). Every
value goes through ``html.text``; nothing here reads a request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from services.api import html
from services.api.models import IntegrationPublic
from services.db.models import EmailIntegration, IntegrationPush
from services.domain.token_health import TokenLapsePolicy

_text = html.text
_time = html.time_tag

_BADGE_CLASSES = {
    "active": "ok",
    "success": "ok",
    "ok": "ok",
    "running": "info",
    "renewing": "info",
    "expiring": "warn",
    "failed": "bad",
    "disabled": "bad",
    "disconnected": "muted-badge",
    "off": "muted-badge",
    "none": "muted-badge",
}
STYLE = ".warn{background:#fff8c5;color:#7d4e00}"


def badge(value: str | None) -> str:
    if not value:
        return "<span class='muted'>—</span>"
    css = _BADGE_CLASSES.get(value, "info")
    return f"<span class='badge {css}'>{_text(value.replace('_', ' '))}</span>"


def age(seconds: float | None) -> str:
    """A duration as the page shows it: 42 s, 17 min, 5.2 h, 3.1 d."""
    if seconds is None:
        return "<span class='muted'>—</span>"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def integrations_table(
    rows: Iterable[EmailIntegration],
    pushes: Mapping[int, IntegrationPush],
    *,
    now: datetime,
    policy: TokenLapsePolicy,
) -> str:
    lines = []
    for row in rows:
        public = IntegrationPublic.from_row(row, pushes.get(row.id), now=now, policy=policy)
        health = public.health
        assert health is not None  # asked for with ``now``
        error = (
            f"<span class='error'>{_text(row.last_sync_error)}</span>"
            if row.last_sync_error
            else "<span class='muted'>—</span>"
        )
        push_error = f" <span class='small muted'>{_text(health.watch_error)}</span>"
        lapse = (
            f"<br><span class='small muted'>lapses {_time(health.token_lapses_at)}</span>"
            if health.token_lapses_at
            else ""
        )
        lines.append(
            f"<tr id='integration-{row.id}'><td>#{row.id}</td><td>{_text(row.provider)}</td>"
            f"<td>{_text(row.account_email)}</td>"
            f"<td>{badge(public.status)}</td><td>{_time(row.last_synced_at)}</td>"
            f"<td>{badge(row.last_sync_status)}</td><td>{error}</td>"
            f"<td class='push' data-state='{health.push_state.value}'>"
            f"{badge(health.push_state.value)}{push_error if health.watch_error else ''}</td>"
            f"<td class='notified'>{_time(health.last_notification_at)}</td>"
            f"<td class='cursor-age num'>{age(health.cursor_age_seconds)}</td>"
            f"<td class='token' data-health='{health.token_health.value}'>"
            f"{badge(health.token_health.value)}{lapse}</td>"
            f"<td class='num'>{row.emails_processed_count}</td>"
            f"<td class='num'>{row.jobs_created_count}</td></tr>"
        )
    if not lines:
        return "<p class='muted'>No integrations.</p>"
    return (
        "<table class='integrations'><thead><tr><th>Id</th><th>Provider</th><th>Mailbox</th>"
        "<th>Status</th><th>Last synced</th><th>Last sync</th><th>Last error</th>"
        "<th>Push</th><th>Last notification</th><th>Cursor age</th><th>Sign-in</th>"
        "<th>Emails</th><th>Jobs</th></tr></thead><tbody>" + "".join(lines) + "</tbody></table>"
    )
