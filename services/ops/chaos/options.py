"""What one chaos run does: sizes, schedule and the stack it starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from schemas.contracts.topics import Topic
from services.demo.seed import DEMO_CANDIDATES
from services.ops.mailbox_gen import ROLE_KEYWORDS
from services.ops.vendor_copies import MAX_CLUSTERS

CONSUMED: Mapping[str, tuple[Topic, ...]] = {
    "fetcher": (Topic.EMAIL_SYNC_REQUESTED,),
    "parser": (Topic.EMAIL_RAW,),
    "jobwriter": (Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR),
}
# three replicas with min.insync.replicas=2: one node may be down and acks=all writes go on
MIN_BROKERS_FOR_KILLS = 3
# the demo tenant's six candidates: between them they want every generated role
CANDIDATES: Mapping[str, list[str]] = DEMO_CANDIDATES
assert {r for roles in CANDIDATES.values() for r in roles} >= set(ROLE_KEYWORDS)


@dataclass(frozen=True)
class ChaosOptions:
    emails: int = 500  # generated emails in total, spread over every tenant's mailboxes
    tenants: int = 3
    integrations_per_tenant: int = 2
    kills: int = 5  # SIGKILLs of a random service process, each restarted
    broker_restarts: int = 1  # only a broker the run started itself can be restarted
    poison: int = 6  # messages that must end in a dead-letter topic
    seed: int = 1
    kill_interval: float = 3.0  # mean seconds between two kills
    sync_interval: float = 2.0  # seconds between two rounds of sync requests
    lease_seconds: float = 15.0  # a killed fetcher's integration lease expires after this
    timeout: float = 900.0  # seconds for the whole run, quiescence included
    quiet_checks: int = 3  # consecutive stable, lag-free checks that make "idle"
    brokers: int = 1  # Kafka nodes the run starts (when it starts Kafka itself)
    broker_kills: int = 0  # SIGKILLs of a cluster node, each restarted; needs brokers >= 3
    postgres_restarts: int = 0  # fast stops of PostgreSQL, each started again
    # replicas per consumer service (two by default, so kills and restarts rebalance partitions)
    fetchers: int = 2
    parsers: int = 2
    jobwriters: int = 2
    # requirements each sent by several vendors (services/ops/vendor_copies.py), and vendors
    # per requirement; the first vendor's mail reaches every mailbox of each tenant
    vendor_requirements: int = 4
    copies_per_requirement: int = 3

    def __post_init__(self) -> None:
        if problems := self.problems():
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        """What makes these options unrunnable; empty when they are fine."""
        found = []
        if self.broker_kills and self.brokers < MIN_BROKERS_FOR_KILLS:
            found.append(
                f"--broker-kills needs --brokers {MIN_BROKERS_FOR_KILLS} or more: with fewer,"
                " a killed broker takes partitions' only or last in-sync replica"
            )
        if self.broker_kills and self.broker_restarts:
            found.append("--broker-kills and --broker-restarts both take brokers down: pick one")
        if self.brokers < 1:
            found.append("--brokers must be at least 1")
        if self.vendor_requirements and not 2 <= self.copies_per_requirement <= 4:
            found.append("--copies-per-requirement must be 2 to 4")
        if not 0 <= self.vendor_requirements <= MAX_CLUSTERS:
            found.append(f"--vendor-requirements must be 0 to {MAX_CLUSTERS}")
        for name in ("fetchers", "parsers", "jobwriters"):
            if getattr(self, name) < 1:
                found.append(f"--{name} must be at least 1")
        return found

    @property
    def replicas(self) -> dict[str, int]:
        """Processes per service; the scheduler and the API (which takes the sync requests that
        drive the run, and may be killed like the rest) run once."""
        return {
            "scheduler": 1,
            "fetcher": self.fetchers,
            "parser": self.parsers,
            "jobwriter": self.jobwriters,
            "api": 1,
        }


def tenant_candidates(tenant_index: int) -> dict[str, list[str]]:
    """Tenant 0 wants every role; each other tenant lacks one candidate (so one role), so the
    tenants' fetchers select different emails from similar mailboxes."""
    if tenant_index == 0:
        return dict(CANDIDATES)
    names = list(CANDIDATES)
    dropped = names[(tenant_index - 1) % len(names)]
    return {name: roles for name, roles in CANDIDATES.items() if name != dropped}


def group_id(run_id: str, service: str) -> str:
    return f"chaos-{run_id}-{service}"
