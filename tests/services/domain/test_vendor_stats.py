"""Per-vendor statistics from requirement sightings: requirements sent, duplicate share, share
naming the end client, rate spread per unit."""

from __future__ import annotations

from services.domain.vendor_stats import RateSpread, VendorSighting, rate_spreads, vendor_stats


def sighting(
    vendor: str | None,
    requirement: int,
    *,
    client: str | None = None,
    rate: tuple[float | None, float | None] = (None, None),
    unit: str | None = "hour",
    company: str | None = None,
) -> VendorSighting:
    return VendorSighting(vendor, requirement, client, rate[0], rate[1], unit, company)


def test_duplicate_and_client_shares_count_sightings() -> None:
    rows = [
        # requirement 1: apex and techvendor; 2: apex alone (twice); 3: techvendor alone
        sighting("apex.com", 1, client="Wells Fargo", rate=(60, 60)),
        sighting("techvendor.com", 1, rate=(65, 70)),
        sighting("apex.com", 2, client="  ", rate=(50, 50)),
        sighting("apex.com", 2, client="Chase", rate=(55, None)),
        sighting("techvendor.com", 3, client="Chase"),
        sighting(None, 1),  # an unknown sender is no vendor, and no one's duplicate
        sighting(None, 3),
    ]
    apex, techvendor = vendor_stats(rows)

    assert (apex.vendor, apex.requirements, apex.sightings) == ("apex.com", 2, 3)
    assert apex.duplicate_share == 1 / 3
    assert apex.client_share == 2 / 3  # a blank client names no one
    assert apex.rates == (RateSpread("hour", 3, 50.0, 60.0, 55.0),)
    assert (techvendor.requirements, techvendor.sightings) == (2, 2)
    assert techvendor.duplicate_share == 1 / 2
    assert techvendor.client_share == 1 / 2
    assert techvendor.rates == (RateSpread("hour", 1, 65.0, 70.0, 67.5),)


def test_a_free_mail_domain_lists_the_companies_of_its_senders() -> None:
    rows = [
        sighting("gmail.com", 1, company="Infinity Systems LLC"),
        sighting("gmail.com", 2, company="Acme Technologies"),
        sighting("gmail.com", 3, company="Acme Technologies"),
        sighting("gmail.com", 4),
    ]
    [gmail] = vendor_stats(rows)
    assert gmail.companies == ("Acme Technologies", "Infinity Systems LLC")


def test_vendors_with_most_requirements_come_first_then_by_name() -> None:
    rows = [sighting("b.com", 1), sighting("a.com", 2), sighting("c.com", 3), sighting("c.com", 4)]
    assert [s.vendor for s in vendor_stats(rows)] == ["c.com", "a.com", "b.com"]
    assert vendor_stats([sighting(None, 1)]) == []


def test_rate_spread_keeps_units_apart_and_skips_missing_rates() -> None:
    rows = [
        sighting("a.com", 1, rate=(60, 80)),
        sighting("a.com", 2, rate=(None, 90)),
        sighting("a.com", 3, rate=(120000, 130000), unit="year"),
        sighting("a.com", 4, rate=(None, None)),
        sighting("a.com", 5, rate=(70, 70), unit=None),
    ]
    assert rate_spreads(rows) == (
        RateSpread("hour", 2, 60.0, 90.0, 80.0),
        RateSpread("year", 1, 120000.0, 130000.0, 125000.0),
    )
