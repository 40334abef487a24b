"""The pipeline bench's derived figures, pure: CPU per email, peak memory and the scaling table
of a run per parser count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

ServiceFigures = Mapping[str, Mapping[str, float]]  # process label → {"cpu_s", "rss_peak_mb"}


def cpu_ms_per_email(services: ServiceFigures, emails: int) -> float:
    """Every service process's CPU seconds over the emails, in milliseconds per email."""
    if emails <= 0:
        return 0.0
    return sum(figures["cpu_s"] for figures in services.values()) / emails * 1000


def service_of(label: str) -> str:
    """ "parser-1" → "parser": replicas of one service counted together."""
    base, _, replica = label.rpartition("-")
    return base if base and replica.isdigit() else label


def cpu_ms_per_email_by_service(services: ServiceFigures, emails: int) -> dict[str, float]:
    """CPU milliseconds per email of each service, its replicas summed."""
    seconds: dict[str, float] = {}
    for label, figures in services.items():
        service = service_of(label)
        seconds[service] = seconds.get(service, 0.0) + figures["cpu_s"]
    if emails <= 0:
        return dict.fromkeys(sorted(seconds), 0.0)
    return {service: round(s / emails * 1000, 3) for service, s in sorted(seconds.items())}


def rss_peak_mb_by_service(services: ServiceFigures) -> dict[str, float]:
    """The largest peak RSS of each service's processes (a replica's, not their sum)."""
    peaks: dict[str, float] = {}
    for label, figures in services.items():
        service = service_of(label)
        peaks[service] = max(peaks.get(service, 0.0), figures["rss_peak_mb"])
    return dict(sorted(peaks.items()))


def speedup(rate: float, baseline_rate: float) -> float:
    return round(rate / baseline_rate, 2) if baseline_rate > 0 else 0.0


SCALING_COLUMNS = ("parsers", "emails_per_s", "cpu_ms_per_email", "parser_cpu_ms_per_email")


def scaling_row(parsers: int, run: Mapping[str, Any]) -> dict[str, float]:
    """One parser count's line of the scaling table, from its run's report."""
    by_service = run.get("cpu_ms_per_email_by_service", {})
    return {
        "parsers": parsers,
        "emails_per_s": float(run["emails_per_s"]),
        "cpu_ms_per_email": float(run["cpu_ms_per_email"]),
        "parser_cpu_ms_per_email": float(by_service.get("parser", 0.0)),
    }


def render_table(rows: Sequence[Mapping[str, float]]) -> str:
    """The rows as an aligned text table, one line per parser count, a header first."""
    cells = [list(SCALING_COLUMNS)]
    for row in rows:
        cells.append([_cell(row[column]) for column in SCALING_COLUMNS])
    widths = [max(len(line[i]) for line in cells) for i in range(len(SCALING_COLUMNS))]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in cells
    )


def _cell(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) >= 1 else f"{value:.2f}"
