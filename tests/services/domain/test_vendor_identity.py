"""One vendor identity for counting and grouping vendors: a company domain, else for a
free-mail sender its signature company, else its address."""

from __future__ import annotations

import pytest

from services.domain.vendor_identity import company_key, vendor_key


def test_a_company_domain_is_the_vendor_whatever_its_signature_says() -> None:
    assert vendor_key("Ravi <Ravi@TechVendor.com>", "TechVendor Solutions Inc") == "techvendor.com"
    assert vendor_key("ravi@techvendor.com", None) == "techvendor.com"
    assert vendor_key("mike@apex.com", "Infinity Systems LLC") == "apex.com"


def test_free_mail_senders_are_their_signature_company() -> None:
    infinity = vendor_key("Anil <anil.k@gmail.com>", "Infinity Systems LLC")
    assert infinity == "infinity-systems"
    # another sender, free-mail domain and spelling of the same company: the same vendor
    assert vendor_key("raj@yahoo.com", "Infinity Systems, L.L.C.") == infinity
    assert vendor_key("priya@gmail.com", "Acme Technologies") == "acme-technologies"


def test_unknown_free_mail_senders_are_their_own_addresses() -> None:
    first = vendor_key("Anil <Anil.K@Gmail.com>", None)
    second = vendor_key("raj.m@gmail.com", "")
    assert (first, second) == ("anil.k@gmail.com", "raj.m@gmail.com")
    # a company name of legal forms only says nothing
    assert vendor_key("raj.m@gmail.com", "LLC") == "raj.m@gmail.com"


@pytest.mark.parametrize("sender", [None, "", "undisclosed-recipients:;", "Ravi"])
def test_no_sender_address_is_no_vendor(sender: str | None) -> None:
    assert vendor_key(sender, "Infinity Systems LLC") is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Infinity Systems LLC", "infinity-systems"),
        ("Infinity Systems, Inc.", "infinity-systems"),
        ("INFINITY  SYSTEMS", "infinity-systems"),
        ("Smith & Sons Co.", "smith-and-sons"),
        ("Nexgen Technologies Pvt Ltd", "nexgen-technologies"),
        ("Inc.", None),
        (None, None),
    ],
)
def test_company_key_normalises_spelling_and_legal_forms(name: str | None, key: str | None) -> None:
    assert company_key(name) == key


def test_the_three_forms_never_collide() -> None:
    domain = vendor_key("a@infinity.com", None)
    company = vendor_key("a@gmail.com", "Infinity")
    address = vendor_key("infinity@gmail.com", None)
    assert domain is not None and company is not None and address is not None
    assert "." in domain and "@" not in domain
    assert "@" in address
    assert "." not in company and "@" not in company
