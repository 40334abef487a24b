"""The run-history page's HTML: the integrations table above the tenant's recent sync runs, each
a ``<details>`` that opens to its emails and what became of them. Every value is escaped
(``services.api.html``); a small script keeps the runs a reader opened open across the page's
auto-refresh every ``REFRESH_SECONDS``.
"""

from __future__ import annotations

from datetime import datetime

from services.api import html, integration_html
from services.api.models import EmailOutcome, SyncEmail, SyncRunSummary
from services.api.requirement_html import nav

_text = html.text
_time = html.time_tag

PAGE_PATH = "/runs"
REFRESH_SECONDS = 10


def render_page(
    *,
    integrations_html: str,
    runs: list[tuple[SyncRunSummary, list[SyncEmail]]],
    providers: dict[int, str],
    titles: dict[int, str],
    now: datetime,
) -> str:
    parts = [
        "<header><h1>Run history</h1>",
        nav(PAGE_PATH),
        f"<p class='muted'>Updated {_time(now)} · refreshes every {REFRESH_SECONDS} s</p>",
        "</header>",
        "<section><h2>Integrations</h2>",
        integrations_html,
        "</section>",
        f"<section><h2>Recent sync runs <span class='muted'>({len(runs)})</span></h2>",
    ]
    if not runs:
        parts.append("<p class='muted'>No sync runs yet.</p>")
    for index, (run, emails) in enumerate(runs):
        parts.append(_run(run, emails, providers=providers, titles=titles, open_=index == 0))
    parts.append("</section>")
    return page_document("Run history", "".join(parts), refresh=True)


def _run(
    run: SyncRunSummary,
    emails: list[SyncEmail],
    *,
    providers: dict[int, str],
    titles: dict[int, str],
    open_: bool,
) -> str:
    trigger = "manual" if run.manual_trigger else "scheduled"
    duration = f"{run.duration_seconds:.1f} s" if run.duration_seconds is not None else "—"
    found = run.emails_found if run.emails_found is not None else "?"
    message = f"<div class='message'>{_text(run.message)}</div>" if run.message else ""
    summary = (
        f"<summary>{_badge(run.status)} <strong>{_time(run.started_at)}</strong>"
        f" · integration #{run.integration_id} ({_text(providers.get(run.integration_id))})"
        f" · {trigger} · found {found}, processed {run.emails_processed},"
        f" jobs {run.jobs_created}, failed {run.emails_failed} · {duration}"
        f"{message}</summary>"
    )
    if emails:
        rows = "".join(_email(email, titles) for email in emails)
        table = (
            "<table class='emails'><thead><tr><th>Received</th><th>From</th><th>Subject</th>"
            "<th>Result</th><th>Skip reason</th><th>Category</th><th>Confidence</th>"
            "<th>Jobs</th></tr></thead><tbody>" + rows + "</tbody></table>"
        )
    else:
        table = "<p class='muted'>No emails in this run.</p>"
    meta = (
        f"<p class='muted small'>sync {run.sync_id} · requested {_time(run.requested_at)}"
        f" · fetched {_time(run.fetched_at)} · finished {_time(run.finished_at)}</p>"
    )
    return (
        f"<details class='run' id='run-{run.sync_id}' data-status='{_text(run.status)}'"
        f"{' open' if open_ else ''}>{summary}{meta}{table}</details>"
    )


def _email(email: SyncEmail, titles: dict[int, str]) -> str:
    jobs = (
        ", ".join(
            f"<a href='{_text(link.href)}'>#{link.id}</a> {_text(titles.get(link.id))}"
            for link in email.jobs
        )
        or "<span class='muted'>—</span>"
    )
    confidence = f"{email.confidence:.2f}" if email.confidence is not None else "—"
    subject = _text(email.subject) if email.subject else _text(email.provider_message_id)
    return (
        f"<tr class='email' data-result='{email.result.value}'>"
        f"<td>{_time(email.received_at)}</td><td>{_text(email.sender)}</td>"
        f"<td>{subject}</td><td>{_badge(email.result.value)}</td>"
        f"<td>{_text(email.skip_reason)}</td><td>{_text(email.category)}</td>"
        f"<td class='num'>{confidence}</td><td>{jobs}</td></tr>"
    )


_BADGE_CLASSES = {
    "success": "ok",
    "active": "ok",
    EmailOutcome.JOB_CREATED.value: "ok",
    "running": "info",
    EmailOutcome.PENDING.value: "info",
    EmailOutcome.SKIPPED.value: "muted-badge",
    "failed": "bad",
    "disabled": "bad",
    "disconnected": "muted-badge",
}


def _badge(value: str | None) -> str:
    if not value:
        return "<span class='muted'>—</span>"
    css = _BADGE_CLASSES.get(value, "info")
    return f"<span class='badge {css}'>{_text(value.replace('_', ' '))}</span>"


# keeps the runs a reader opened open across the auto-refresh
_SCRIPT = """
(function(){var k='reqstream-open-runs';var s=[];
try{s=JSON.parse(sessionStorage.getItem(k)||'[]')}catch(e){}
document.querySelectorAll('details.run').forEach(function(d){
if(s.indexOf(d.id)>=0){d.open=true}
d.addEventListener('toggle',function(){var o=[];
document.querySelectorAll('details.run[open]').forEach(function(x){o.push(x.id)});
try{sessionStorage.setItem(k,JSON.stringify(o))}catch(e){}});});})();
"""


def page_document(title: str, body: str, *, refresh: bool) -> str:
    meta_refresh = f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">' if refresh else ""
    return html.document(
        title, body, head=meta_refresh, style=integration_html.STYLE, script=_SCRIPT
    )
