"""What each vendor company sends a tenant, from its requirement sightings.

Per vendor (its key, services.domain.vendor_identity: the mail domain, or for a free-mail
sender its signature company, else its address): how many requirements it sent, its duplicate
share (the share of its sightings on requirements another vendor also sent: a vendor whose
every mail is a copy of others' adds little), the share of its sightings naming the end client,
and the spread of the rates it offered, per rate unit (an hourly and a yearly rate are not
comparable).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class VendorSighting:
    """One sighting as the statistics need it; ``vendor`` is None when the sender is unknown."""

    vendor: str | None
    requirement_id: int
    client: str | None
    rate_min: float | None
    rate_max: float | None
    rate_unit: str | None
    company: str | None = None  # from the sender's domain or signature


@dataclass(frozen=True)
class RateSpread:
    unit: str
    sightings: int
    min: float
    max: float
    median: float  # of each sighting's offered rate (its range's midpoint)


@dataclass(frozen=True)
class VendorStats:
    vendor: str
    requirements: int
    sightings: int
    duplicate_share: float  # 0..1
    client_share: float  # 0..1
    rates: tuple[RateSpread, ...]
    # the company names its sightings carry, most frequent first (the spellings of one
    # company's name in its signatures)
    companies: tuple[str, ...] = ()


def vendor_stats(sightings: Iterable[VendorSighting]) -> list[VendorStats]:
    """Every known vendor's statistics, most requirements first (then by name). The sightings
    must include the other vendors' sightings of the same requirements, or no share counts as
    duplicate."""
    rows = list(sightings)
    vendors_of: dict[int, set[str]] = defaultdict(set)
    by_vendor: dict[str, list[VendorSighting]] = defaultdict(list)
    for row in rows:
        if row.vendor is not None:
            vendors_of[row.requirement_id].add(row.vendor)
            by_vendor[row.vendor].append(row)
    stats = [_one(vendor, own, vendors_of) for vendor, own in by_vendor.items()]
    return sorted(stats, key=lambda s: (-s.requirements, s.vendor))


def _one(
    vendor: str, own: Sequence[VendorSighting], vendors_of: dict[int, set[str]]
) -> VendorStats:
    shared = sum(1 for row in own if len(vendors_of[row.requirement_id]) > 1)
    named = sum(1 for row in own if row.client and row.client.strip())
    return VendorStats(
        vendor=vendor,
        requirements=len({row.requirement_id for row in own}),
        sightings=len(own),
        duplicate_share=shared / len(own),
        client_share=named / len(own),
        rates=rate_spreads(own),
        companies=tuple(
            name for name, _ in Counter(row.company for row in own if row.company).most_common()
        ),
    )


def rate_spreads(rows: Iterable[VendorSighting]) -> tuple[RateSpread, ...]:
    """Lowest and highest rate offered and the median offer, per unit (units sorted)."""
    lows: dict[str, list[float]] = defaultdict(list)
    highs: dict[str, list[float]] = defaultdict(list)
    offers: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        low = row.rate_min if row.rate_min is not None else row.rate_max
        high = row.rate_max if row.rate_max is not None else row.rate_min
        if low is None or high is None or row.rate_unit is None:
            continue
        lows[row.rate_unit].append(low)
        highs[row.rate_unit].append(high)
        offers[row.rate_unit].append((low + high) / 2)
    return tuple(
        RateSpread(
            unit=unit,
            sightings=len(offers[unit]),
            min=min(lows[unit]),
            max=max(highs[unit]),
            median=median(offers[unit]),
        )
        for unit in sorted(offers)
    )
