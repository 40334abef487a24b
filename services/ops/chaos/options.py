"""What one chaos run does: sizes, schedule and the stack it starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from schemas.contracts.topics import Topic
from services.demo.seed import DEMO_CANDIDATES
from services.ops.mailbox_gen import ROLE_KEYWORDS

# replicas per service: two of each consumer, so kills and restarts rebalance partitions
REPLICAS: Mapping[str, int] = {"scheduler": 1, "fetcher": 2, "parser": 2, "jobwriter": 2}
CONSUMED: Mapping[str, tuple[Topic, ...]] = {
    "fetcher": (Topic.EMAIL_SYNC_REQUESTED,),
    "parser": (Topic.EMAIL_RAW,),
    "jobwriter": (Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR),
}
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
