"""The requirements list as CSV: one row per requirement, columns declared once, every cell
formula-safe (services.domain.spreadsheet_cells) and quoted by the csv module."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from fastapi.responses import Response

from services.db.requirement_search import RequirementExport, RequirementListRow
from services.domain.spreadsheet_cells import safe_row

FILENAME = "requirements.csv"
_COLUMNS: tuple[tuple[str, Callable[[RequirementListRow], object]], ...] = (
    ("id", lambda r: r.requirement.id),
    ("status", lambda r: r.requirement.status),
    ("title", lambda r: r.requirement.title),
    ("client", lambda r: r.requirement.client),
    ("location", lambda r: r.requirement.location),
    ("work_mode", lambda r: r.requirement.work_mode),
    ("employment_types", lambda r: r.employment_types),
    ("visa", lambda r: r.visa),
    ("rate_min", lambda r: r.requirement.rate_min),
    ("rate_max", lambda r: r.requirement.rate_max),
    ("rate_unit", lambda r: r.requirement.rate_unit),
    ("duration_months", lambda r: r.requirement.duration_months),
    ("skills", lambda r: r.requirement.skills),
    ("job_ref", lambda r: r.requirement.job_ref),
    ("vendors", lambda r: r.vendors),
    ("recent_vendors", lambda r: r.recent_vendors),
    ("sightings", lambda r: r.requirement.sightings),
    ("first_seen_at", lambda r: r.requirement.first_seen_at),
    ("last_seen_at", lambda r: r.requirement.last_seen_at),
)
COLUMNS = tuple(name for name, _ in _COLUMNS)


def requirements_csv(rows: Sequence[RequirementListRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(safe_row(read(row) for _, read in _COLUMNS))
    return out.getvalue()


def csv_response(export: RequirementExport) -> Response:
    """A download: attachment, not cached, with a header telling a cut export."""
    headers = {
        "Content-Disposition": f'attachment; filename="{FILENAME}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Export-Rows": str(len(export.rows)),
        "X-Export-Truncated": "true" if export.truncated else "false",
    }
    return Response(
        requirements_csv(export.rows), media_type="text/csv; charset=utf-8", headers=headers
    )
