"""Which mail servers a tenant may point reqstream at: hostname syntax, ports, TLS, addresses.

A tenant supplies the host of an IMAP integration, and the fetcher connects to it from inside
the deployment's network. Without these rules a tenant could aim it at loopback services, the
cloud metadata endpoint or private ranges. The rules are pure: the API applies them to what a
tenant submits, the fetcher to the addresses a name resolves to at connect time.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.domain.wire_text import require_wire_safe

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# implicit TLS, and plain (only if the operator allows it)
IMAP_PORTS: tuple[range, ...] = (range(143, 144), range(993, 994))
# instance metadata services of the big clouds; most are link-local anyway, listed so the
# refusal says so and so that an allow-listed private range never admits one
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
    )
)
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal_reason(address: IpAddress) -> str | None:
    """Why a tenant's mail server may not be at ``address`` (None: a public address)."""
    if address in METADATA_ADDRESSES:
        return "metadata"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return refusal_reason(embedded)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        # shared address space (100.64/10), documentation ranges and the like
        ("not global", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def normalise_hostname(host: str) -> str:
    """The host as reqstream will resolve it (lower case, IDNA); ValueError when it is not a
    DNS name or an IP address literal."""
    require_wire_safe("host", host)
    if host != host.strip() or not host or len(host) > 253:
        raise ValueError("host must be a DNS name or an IP address, without spaces")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        name = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError("host is not a valid DNS name") from None
    labels = name.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise ValueError("host is not a valid DNS name")
    return name


def parse_ports(entries: Iterable[str]) -> tuple[range, ...]:
    """``["993", "143", "10000-10100"]`` → port ranges; ValueError for anything else."""
    ranges = []
    for entry in (e.strip() for e in entries):
        low, _, high = entry.partition("-")
        first, last = int(low), int(high or low)
        if not 1 <= first <= last <= 65535:
            raise ValueError(f"not a port or port range: {entry!r}")
        ranges.append(range(first, last + 1))
    return tuple(ranges)


def _describe(ports: Iterable[range]) -> str:
    return ", ".join(str(r.start) if len(r) == 1 else f"{r.start}-{r[-1]}" for r in ports)


@dataclass(frozen=True)
class AllowList:
    """Operator-approved on-premise mail servers: exact host names and address ranges."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IpNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """From ``mail.corp.example, 10.1.2.0/24, 127.0.0.1`` style entries."""
        hosts: set[str] = set()
        networks: list[IpNetwork] = []
        for entry in (e.strip() for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(normalise_hostname(entry))
        return cls(frozenset(hosts), tuple(networks))

    def admits_host(self, host: str) -> bool:
        return host in self.hosts

    def admits_address(self, address: IpAddress) -> bool:
        return any(address in network for network in self.networks)


@dataclass(frozen=True)
class MailServerPolicy:
    """A deployment's rules for tenant-supplied IMAP servers (operator settings)."""

    allow_list: AllowList = field(default_factory=AllowList)
    ports: tuple[range, ...] = IMAP_PORTS
    allow_plaintext: bool = False  # IMAP without TLS sends the password in clear

    def check_settings(self, *, host: str, port: int, use_tls: bool) -> str:
        """The normalised host; ValueError with a message fit for the tenant otherwise.

        Catches what needs no DNS: syntax, ports, TLS, local names and address literals. The
        fetcher checks the resolved addresses again at connect time.
        """
        name = normalise_hostname(host)
        if not any(port in allowed for allowed in self.ports):
            raise ValueError(f"port {port} is not allowed (allowed: {_describe(self.ports)})")
        if not use_tls and not self.allow_plaintext:
            raise ValueError("use_tls must be true: IMAP without TLS sends the password in clear")
        if self.allow_list.admits_host(name):
            return name
        if name.endswith(_LOCAL_NAMES):  # "localhost" itself included
            raise ValueError(f"host {name} is not allowed (a local name)")
        try:
            literal = ipaddress.ip_address(name)
        except ValueError:
            return name
        if literal in METADATA_ADDRESSES or not self.allow_list.admits_address(literal):
            reason = refusal_reason(literal)
            if reason is not None:
                raise ValueError(f"address {name} is not allowed ({reason})")
        return name

    def refused_addresses(self, host: str, addresses: Iterable[IpAddress]) -> list[str]:
        """``["127.0.0.1 (loopback)", …]``: the resolved addresses a connection must not use.

        Any refused address refuses the host, so a name with one public and one private
        address cannot be used to reach the private one.
        """
        if self.allow_list.admits_host(host):
            return []
        refused = []
        for address in addresses:
            if address in METADATA_ADDRESSES:
                refused.append(f"{address} (metadata)")  # never, whatever the allow-list says
                continue
            if self.allow_list.admits_address(address):
                continue
            reason = refusal_reason(address)
            if reason is not None:
                refused.append(f"{address} ({reason})")
        return refused
