"""The rules for tenant-supplied mail servers and wire text: pure, no sockets."""

from __future__ import annotations

import ipaddress

import pytest

from services.domain.connect_failures import ConnectFailure, tenant_message
from services.domain.network import (
    AllowList,
    MailServerPolicy,
    normalise_hostname,
    parse_ports,
    refusal_reason,
)
from services.domain.wire_text import control_characters, require_wire_safe

STRICT = MailServerPolicy()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not global"),  # shared address space (carrier-grade NAT)
        # IPv6 spellings of IPv4 addresses are judged by the IPv4 address
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "metadata"),
        ("64:ff9b::a9fe:a9fe", "metadata"),  # NAT64 of 169.254.169.254
        ("2002:a00:1::", "private"),  # 6to4 of 10.0.0.1
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_refusal_reason(address: str, reason: str | None) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("Mail.Example.COM", "mail.example.com"),
        ("mail.example.com.", "mail.example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("10.0.0.1", "10.0.0.1"),
        ("0:0:0:0:0:0:0:1", "::1"),
    ],
)
def test_hostnames_are_normalised(host: str, expected: str) -> None:
    assert normalise_hostname(host) == expected


@pytest.mark.parametrize(
    "host",
    [
        "mail.example.com\r\nA1 LOGOUT",
        "mail.example.com\x00",
        "mail\x85.example.com",  # C1 next line
        " mail.example.com",
        "mail example.com",
        "-mail.example.com",
        "mail..example.com",
        "mail_example.com",
        "http://mail.example.com",
        "mail.example.com:993",
        "1.2.3",  # a numeric last label would be read as an IPv4 address by some resolvers
        "",
        "a" * 64 + ".example.com",
    ],
)
def test_bad_hostnames_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="host"):
        normalise_hostname(host)


def test_settings_check_names_the_rule_broken() -> None:
    cases = {
        ("127.0.0.1", 993, True): "address 127.0.0.1 is not allowed (loopback)",
        ("169.254.169.254", 993, True): "(metadata)",
        ("localhost", 993, True): "a local name",
        ("printer.local", 993, True): "a local name",
        ("imap.example.com", 22, True): "port 22 is not allowed (allowed: 143, 993)",
        ("imap.example.com", 143, False): "use_tls must be true",
    }
    for (host, port, use_tls), message in cases.items():
        with pytest.raises(ValueError) as caught:
            STRICT.check_settings(host=host, port=port, use_tls=use_tls)
        assert message in str(caught.value)
    assert STRICT.check_settings(host="IMAP.Example.com", port=993, use_tls=True) == (
        "imap.example.com"
    )


def test_the_operator_allow_list_admits_on_premise_servers() -> None:
    policy = MailServerPolicy(
        allow_list=AllowList.parse(["mail.corp.example", "10.20.0.0/16", "127.0.0.1"]),
        ports=parse_ports(["993", "10143-10150"]),
        allow_plaintext=True,
    )
    assert policy.check_settings(host="10.20.3.4", port=993, use_tls=True) == "10.20.3.4"
    assert policy.check_settings(host="127.0.0.1", port=10150, use_tls=False) == "127.0.0.1"
    with pytest.raises(ValueError, match="private"):
        policy.check_settings(host="10.21.0.1", port=993, use_tls=True)
    with pytest.raises(ValueError, match="metadata"):  # whatever range the operator allows
        MailServerPolicy(allow_list=AllowList.parse(["169.254.0.0/16"])).check_settings(
            host="169.254.169.254", port=993, use_tls=True
        )
    with pytest.raises(ValueError, match="port 10151"):
        policy.check_settings(host="127.0.0.1", port=10151, use_tls=True)

    addresses = [ipaddress.ip_address(a) for a in ("10.20.0.5", "10.99.0.1", "169.254.169.254")]
    assert policy.refused_addresses("mail.example.com", addresses) == [
        "10.99.0.1 (private)",
        "169.254.169.254 (metadata)",
    ]
    # an allow-listed name: the operator vouches for what it resolves to
    assert policy.refused_addresses("mail.corp.example", addresses) == []


def test_one_refused_address_refuses_the_host() -> None:
    public, loopback = ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("127.0.0.1")
    assert STRICT.refused_addresses("mail.example.com", [public]) == []
    assert STRICT.refused_addresses("mail.example.com", [public, loopback]) == [
        "127.0.0.1 (loopback)"
    ]


@pytest.mark.parametrize("entry", ["0", "70000", "10-5", "imap"])
def test_bad_port_entries_are_refused(entry: str) -> None:
    with pytest.raises(ValueError):
        parse_ports([entry])


def test_control_characters_are_named_never_echoed() -> None:
    assert control_characters("user\r\nA2 LOGOUT") == ["\\n", "\\r"]
    assert control_characters("a\x00b\x7fc\x9bd\u2028") == ["\\u2028", "\\x00", "\\x7f", "\\x9b"]
    assert control_characters("Ünïcødé user@example.com\t") == ["\\t"]
    assert control_characters("plain user@example.com") == []
    with pytest.raises(ValueError) as caught:
        require_wire_safe("username", "secret\r\nA2 LOGOUT")
    assert str(caught.value) == "username contains control characters (\\n, \\r)"


def test_tenant_messages_are_fixed_phrases() -> None:
    message = tenant_message(ConnectFailure.REFUSED, host="imap.example.com", port=993)
    assert message == "IMAP imap.example.com:993: connection refused"
