"""The recruiter's pages as HTML: the requirements list with its filter form, one requirement
with its sightings, evidence and history, and the vendors table. Rendering only: the routes in
services.api.routes.requirement_pages fetch; every value is escaped through ``html.text``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from schemas.contracts.models import EmploymentType, Visa, WorkMode
from services.api.html import document, href, text, time_tag
from services.api.requirement_models import (
    RequirementDetail,
    RequirementFields,
    RequirementSummary,
    SightingPublic,
    VendorPublic,
)
from services.domain.requirement_filters import (
    PageRequest,
    RequirementFilters,
    RequirementStatus,
    filter_params,
)

RUNS_PAGE = "/runs"
REQUIREMENTS_PAGE = f"{RUNS_PAGE}/requirements"
REQUIREMENTS_CSV = f"{RUNS_PAGE}/requirements.csv"
VENDORS_PAGE = f"{RUNS_PAGE}/vendors"
_NAV = (("Run history", RUNS_PAGE), ("Requirements", REQUIREMENTS_PAGE), ("Vendors", VENDORS_PAGE))
_CURRENT = " class='current'"
_NONE = "<span class='muted'>—</span>"
_STYLE = """
form.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;background:#fff;
border:1px solid #d0d7de;border-radius:6px;padding:10px 12px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#57606a}
form.filters input,form.filters select{width:auto;min-width:6em;font:inherit}
form.filters input[type=checkbox]{min-width:0;margin:0 2px 0 0}
form.filters fieldset{border:0;margin:0;padding:0;font-size:12px;color:#57606a}
form.filters fieldset label{display:inline;color:#1f2328;margin-right:6px}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;background:#fff;
padding:10px 12px;border:1px solid #d0d7de;border-radius:6px}dl.fields dt{color:#57606a}
ul.evidence{margin:0;padding-left:16px}.pager a{margin-right:12px}
"""


def nav(current: str) -> str:
    links = "".join(
        f"<a href='{path}'{_CURRENT if path == current else ''}>{label}</a>" for label, path in _NAV
    )
    return f"<nav>{links}</nav>"


def _page(title: str, current: str, body: str) -> str:
    return document(
        title, f"<header><h1>{text(title)}</h1>{nav(current)}</header>{body}", style=_STYLE
    )


# --- the list --------------------------------------------------------------------------------


def render_requirements(
    *,
    filters: RequirementFilters,
    page: PageRequest,
    rows: Sequence[RequirementSummary],
    total: int,
    error: str | None = None,
) -> str:
    params = filter_params(filters)
    parts = [_filter_form(filters, page)]
    if error:
        parts.append(f"<p class='error' id='filter-error'>{text(error)}</p>")
    parts.append(
        f"<p><span id='total'>{total}</span> requirement{'s' if total != 1 else ''}"
        f" · <a id='csv' href='{href(REQUIREMENTS_CSV, params)}' download>Download CSV</a></p>"
    )
    parts.append(_requirements_table(rows, windowed=filters.days is not None))
    parts.append(_pager(params, page, total))
    return _page("Requirements", REQUIREMENTS_PAGE, "".join(parts))


def _filter_form(filters: RequirementFilters, page: PageRequest) -> str:
    def field(name: str, label: str, value: object, kind: str = "text") -> str:
        extra = " min='0' step='any'" if kind == "number" else ""
        return (
            f"<label>{label}<input type='{kind}' name='{name}' value='{text(value)}'{extra}>"
            "</label>"
        )

    visas = _checkboxes("visa", "Visa", [v.value for v in Visa], filters.visa)
    kinds = _checkboxes(
        "employment_type", "Employment", [k.value for k in EmploymentType], filters.employment_type
    )
    return (
        f"<form class='filters' method='get' action='{REQUIREMENTS_PAGE}'>"
        + field("q", "Title or skill", filters.q)
        + field("location", "Location", filters.location)
        + _select("work_mode", "Work mode", ["", *(m.value for m in WorkMode)], filters.work_mode)
        + visas
        + kinds
        + field("rate_min", "Rate from", filters.rate_min, "number")
        + field("rate_max", "Rate to", filters.rate_max, "number")
        + _select("rate_unit", "per", ["", "hour", "year"], filters.rate_unit)
        + field("vendor", "Vendor", filters.vendor)
        + _select("status", "Status", ["", *get_args(RequirementStatus)], filters.status)
        + _select("sort", "Sort", ["newest", "vendors"], filters.sort)
        + field("days", "Vendors of last days", filters.days, "number")
        + f"<input type='hidden' name='limit' value='{page.limit}'>"
        + f"<button type='submit'>Apply</button> <a href='{REQUIREMENTS_PAGE}'>Clear</a></form>"
    )


def _checkboxes(name: str, label: str, options: Sequence[str], chosen: Sequence[str]) -> str:
    boxes = "".join(
        f"<label><input type='checkbox' name='{name}' value='{text(option)}'"
        f"{' checked' if option in chosen else ''}> {text(option)}</label>"
        for option in options
    )
    return f"<fieldset><legend>{label}</legend>{boxes}</fieldset>"


def _select(name: str, label: str, options: Sequence[str], chosen: str | None) -> str:
    choices = "".join(
        f"<option value='{text(option)}'{' selected' if option == (chosen or '') else ''}>"
        f"{text(option) or 'any'}</option>"
        for option in options
    )
    return f"<label>{label}<select name='{name}'>{choices}</select></label>"


def _requirements_table(rows: Sequence[RequirementSummary], *, windowed: bool) -> str:
    if not rows:
        return "<p class='muted' id='no-requirements'>No requirements match.</p>"
    recent = "<th>Vendors (window)</th>" if windowed else ""
    head = (
        "<table class='requirements'><thead><tr><th>Title</th><th>Client</th><th>Location</th>"
        "<th>Mode</th><th>Rate</th><th>Employment</th><th>Visa</th><th>Vendors</th>"
        f"{recent}<th>Sightings</th><th>Last seen</th><th>Status</th></tr></thead><tbody>"
    )
    lines = []
    for row in rows:
        window = f"<td class='num'>{row.recent_vendors}</td>" if windowed else ""
        lines.append(
            f"<tr class='requirement' id='requirement-{row.id}'>"
            f"<td><a href='{REQUIREMENTS_PAGE}/{row.id}'>{text(row.title)}</a></td>"
            f"<td>{text(row.client)}</td><td>{text(row.location)}</td>"
            f"<td>{text(row.work_mode)}</td><td>{_rate(row)}</td>"
            f"<td>{text(', '.join(row.employment_types))}</td><td>{text(', '.join(row.visa))}</td>"
            f"<td class='num'>{row.vendors}</td>{window}<td class='num'>{row.sightings}</td>"
            f"<td>{time_tag(row.last_seen_at)}</td><td>{text(row.status)}</td></tr>"
        )
    return head + "".join(lines) + "</tbody></table>"


def _pager(params: list[tuple[str, str]], page: PageRequest, total: int) -> str:
    links = []
    before, after = page.previous_offset(), page.next_offset(total)
    for rel, offset, label in (("prev", before, "← Newer"), ("next", after, "Older →")):
        if offset is not None:
            query = [*params, ("offset", str(offset)), ("limit", str(page.limit))]
            links.append(f"<a rel='{rel}' href='{href(REQUIREMENTS_PAGE, query)}'>{label}</a>")
    shown = f"{min(page.offset + 1, total)}–{min(page.offset + page.limit, total)} of {total}"
    return f"<p class='pager muted'>{shown} {''.join(links)}</p>"


def _rate(fields: RequirementFields) -> str:
    low, high = fields.rate_min, fields.rate_max
    if low is None and high is None:
        return _NONE
    span = _number(low if low is not None else high)
    if high is not None and low is not None and high != low:
        span += f"–{_number(high)}"
    return text(f"{span} / {fields.rate_unit or '?'}")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else f"{value:.2f}"


# --- one requirement -------------------------------------------------------------------------


def render_requirement(detail: RequirementDetail) -> str:
    merged = detail.merged_into_id
    into = f" into <a href='{REQUIREMENTS_PAGE}/{merged}'>#{merged}</a>" if merged else ""
    fields = (
        ("Status", text(detail.status) + into),
        ("Client", text(detail.client)),
        ("Location", text(detail.location)),
        ("Work mode", text(detail.work_mode)),
        ("Rate", _rate(detail)),
        ("Duration", text(f"{detail.duration_months} months" if detail.duration_months else "")),
        ("Employment", text(", ".join(detail.employment_types))),
        ("Visa", text(", ".join(detail.visa))),
        ("Skills", text(", ".join(detail.skills))),
        ("Job id", text(detail.job_ref)),
        ("Vendors", str(detail.vendors)),
        ("First seen", time_tag(detail.first_seen_at)),
        ("Last seen", time_tag(detail.last_seen_at)),
    )
    body = (
        f"<h2 id='requirement-title'>{text(detail.title)}</h2><dl class='fields'>"
        + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in fields)
        + "</dl>"
        + f"<h2>Sightings <span class='muted'>({len(detail.sighting_list)})</span></h2>"
        + _sightings_table(detail.sighting_list)
        + "<h2>History</h2>"
        + _history_table(detail)
    )
    return _page(f"Requirement #{detail.id}", REQUIREMENTS_PAGE, body)


def _sightings_table(sightings: Sequence[SightingPublic]) -> str:
    lines = []
    for s in sightings:
        message = f"<code class='small'>{text(s.provider_message_id)}</code>"
        email = f"{text(s.subject)}<br>{message}" if s.subject else message
        vendor = (
            f"{text(s.vendor_company)} "
            f"<a href='{href(REQUIREMENTS_PAGE, [('vendor', s.vendor_key)])}'>"
            f"{text(s.vendor_key)}</a>"
            if s.vendor_key
            else _NONE
        )
        lines.append(
            f"<tr class='sighting' id='sighting-{s.id}'><td>{time_tag(s.received_at)}</td>"
            f"<td>{vendor}</td><td>{text(s.sender)}</td>"
            f"<td>{text(s.mailbox or f'integration #{s.integration_id}')}</td>"
            f"<td>{email}</td><td>{text(s.title)}</td><td>{_rate(s)}</td>"
            f"<td>{text(', '.join(s.employment_types))}</td><td>{text(', '.join(s.visa))}</td>"
            f"<td>{text(s.job_ref)}</td><td>{_evidence(s.evidence)}</td></tr>"
        )
    return (
        "<table class='sightings'><thead><tr><th>Received</th><th>Vendor</th><th>Sender</th>"
        "<th>Mailbox</th><th>Email</th><th>Title as sent</th><th>Rate</th><th>Employment</th>"
        "<th>Visa</th><th>Job id</th><th>Evidence</th></tr></thead><tbody>"
        + "".join(lines)
        + "</tbody></table>"
    )


def _evidence(spans: Sequence[dict[str, Any]]) -> str:
    if not spans:
        return _NONE
    items = "".join(
        f"<li><strong>{text(span.get('field'))}</strong>: “{text(span.get('text'))}”"
        f" <span class='muted small'>{text(span.get('source'))}"
        f" {text(span.get('start'))}–{text(span.get('end'))}</span></li>"
        for span in spans
    )
    return f"<ul class='evidence'>{items}</ul>"


def _history_table(detail: RequirementDetail) -> str:
    if not detail.history:
        return "<p class='muted'>No field has changed.</p>"
    lines = "".join(
        f"<tr class='change'><td>{time_tag(h.changed_at)}</td><td>{text(h.field)}</td>"
        f"<td>{text(h.old_value)}</td><td>{text(h.new_value)}</td></tr>"
        for h in detail.history
    )
    return (
        "<table class='history'><thead><tr><th>Changed</th><th>Field</th><th>Was</th>"
        f"<th>Now</th></tr></thead><tbody>{lines}</tbody></table>"
    )


def render_not_found() -> str:
    return _page("Not found", REQUIREMENTS_PAGE, "<p class='muted'>No such requirement.</p>")


# --- vendors ---------------------------------------------------------------------------------


def render_vendors(vendors: Sequence[VendorPublic], *, days: int | None) -> str:
    form = (
        f"<form class='filters' method='get' action='{VENDORS_PAGE}'>"
        f"<label>Last days<input type='number' min='1' name='days' value='{text(days)}'></label>"
        "<button type='submit'>Apply</button></form>"
    )
    if not vendors:
        return _page("Vendors", VENDORS_PAGE, form + "<p class='muted'>No vendors yet.</p>")
    lines = []
    for v in vendors:
        rates = "<br>".join(
            text(
                f"{_number(r.min)}–{_number(r.max)} / {r.unit}"
                f" (median {_number(r.median)}, {r.sightings})"
            )
            for r in v.rates
        )
        lines.append(
            f"<tr class='vendor' id='vendor-{text(v.vendor)}'>"
            f"<td><a href='{href(REQUIREMENTS_PAGE, [('vendor', v.vendor)])}'>"
            f"{text(v.vendor)}</a><br><span class='muted small'>{text(', '.join(v.companies))}"
            f"</span></td><td class='num'>{v.requirements}</td>"
            f"<td class='num'>{v.sightings}</td><td class='num'>{v.duplicate_share:.0%}</td>"
            f"<td class='num'>{v.client_share:.0%}</td>"
            f"<td>{rates or _NONE}</td></tr>"
        )
    table = (
        "<table class='vendors'><thead><tr><th>Vendor</th><th>Requirements</th>"
        "<th>Sightings</th><th>Duplicate share</th><th>Names the client</th>"
        "<th>Rates offered</th></tr></thead><tbody>" + "".join(lines) + "</tbody></table>"
    )
    return _page("Vendors", VENDORS_PAGE, form + table)
