"""The figures of one chaos run and the checks that make it pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.ops.chaos.disruptions import BrokerKill, Kind
from services.ops.chaos.ledger import IntegrationResult
from services.ops.chaos.options import ChaosOptions
from services.ops.chaos.poison import DeadLetterTally
from services.ops.chaos.sightings import TenantResult


@dataclass
class ChaosReport:
    options: ChaosOptions
    emails_generated: int = 0
    emails_in: int = 0  # matching emails the fetchers must deliver (what must reach the ledger)
    jobs_expected: int = 0
    tenants: list[int] = field(default_factory=list)
    integrations: list[int] = field(default_factory=list)
    kills_by_service: dict[str, int] = field(default_factory=dict)
    restarts: int = 0
    kills_during_work: int = -1  # kills before every mailbox was drained
    unexpected_exits: list[str] = field(default_factory=list)
    broker_restarts: int = 0
    broker_restart_skipped: str | None = None
    broker_downtime_s: list[float] = field(default_factory=list)
    broker_kill_skipped: str | None = None
    broker_kill_records: list[BrokerKill] = field(default_factory=list)
    postgres_restart_skipped: str | None = None
    postgres_downtime_s: list[float] = field(default_factory=list)
    max_under_replicated_partitions: int = 0
    poison_injected: int = 0
    poison_failed: int = 0  # poison the broker never acknowledged
    dead_letters: DeadLetterTally = field(default_factory=DeadLetterTally)
    sync_requests: int = 0
    sync_runs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    idle: bool = False
    consumer_lag: int = -1
    redeliveries: dict[str, int] = field(default_factory=dict)
    per_integration: list[IntegrationResult] = field(default_factory=list)
    shared_messages: int = 0  # messages selected in more than one mailbox of a tenant
    per_tenant: list[TenantResult] = field(default_factory=list)
    log_dir: str = ""
    # the consumer groups as a run that did not come to rest left them (probe.describe_groups)
    groups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return sum(self.kills_by_service.values())

    @property
    def broker_kills(self) -> int:
        return len(self.broker_kill_records)

    @property
    def controller_kills(self) -> int:
        return sum(1 for kill in self.broker_kill_records if kill.was_controller)

    @property
    def postgres_restarts(self) -> int:
        return len(self.postgres_downtime_s)

    @property
    def skipped(self) -> dict[str, str]:
        """Disruption (as the report names it) → why none was done."""
        reasons = {
            "broker_restart": self.broker_restart_skipped,
            "broker_kill": self.broker_kill_skipped,
            "postgres_restart": self.postgres_restart_skipped,
        }
        return {what: why for what, why in reasons.items() if why}

    @property
    def skipped_kinds(self) -> set[Kind]:
        kinds: set[Kind] = {"broker_restart", "broker_kill", "postgres_restart"}
        return {kind for kind in kinds if kind in self.skipped}

    @property
    def processed_records(self) -> int:
        return sum(r.ledger_rows for r in self.per_integration)

    @property
    def jobs(self) -> int:
        return sum(r.jobs for r in self.per_integration)

    @property
    def duplicate_jobs(self) -> int:
        return sum(r.duplicate_jobs for r in self.per_integration)

    @property
    def duplicate_records(self) -> int:
        return sum(r.ledger_rows - r.recorded for r in self.per_integration)

    @property
    def lost(self) -> int:
        return sum(r.lost for r in self.per_integration)

    @property
    def sightings(self) -> int:
        return sum(t.sightings for t in self.per_tenant)

    @property
    def expected_sightings(self) -> int:
        return sum(t.expected_sightings for t in self.per_tenant)

    @property
    def lost_sightings(self) -> int:
        return sum(t.lost_sightings for t in self.per_tenant)

    @property
    def duplicate_sightings(self) -> int:
        return sum(t.duplicate_sightings for t in self.per_tenant)

    @property
    def duplicate_requirements(self) -> int:
        return sum(t.duplicate_requirements for t in self.per_tenant)

    @property
    def merged_requirements(self) -> int:
        return sum(t.merged_requirements for t in self.per_tenant)

    @property
    def vendor_copy_requirements(self) -> int:
        return sum(t.vendor_copy_requirements for t in self.per_tenant)

    @property
    def shared_job_mismatches(self) -> int:
        return sum(t.shared_job_mismatches for t in self.per_tenant)

    @property
    def dead_lettered(self) -> int:
        """Distinct poison messages found on the dead-letter topics."""
        return len(self.dead_letters.poison)

    @property
    def counters_consistent(self) -> bool:
        return bool(self.per_integration) and all(
            r.counters_consistent for r in self.per_integration
        )

    @property
    def failures(self) -> list[str]:
        results = self.per_integration
        unexpected = sum(r.unexpected for r in results)
        mismatches = sum(r.job_mismatches for r in results)
        restarts_wanted = 0 if self.broker_restart_skipped else self.options.broker_restarts
        kills_wanted = 0 if self.broker_kill_skipped else self.options.broker_kills
        pg_wanted = 0 if self.postgres_restart_skipped else self.options.postgres_restarts
        checks = {
            "not idle (sync runs still running, ledger moving or consumer lag)": self.idle,
            f"{self.lost} matching email(s) never reached the ledger": self.lost == 0,
            f"{unexpected} ledger row(s) for emails not in the mailbox": unexpected == 0,
            f"{self.duplicate_jobs} duplicate job posting(s)": self.duplicate_jobs == 0,
            f"{self.duplicate_records} duplicate ledger row(s)": self.duplicate_records == 0,
            f"{mismatches} email(s) with a job count other than the extractor's": mismatches == 0,
            f"jobs {self.jobs} != expected {self.jobs_expected}": self.jobs == self.jobs_expected,
            "no requirement sightings checked": bool(self.per_tenant),
            f"{self.lost_sightings} expected sighting(s) missing": self.lost_sightings == 0,
            f"{self.duplicate_sightings} job(s) sighted from two mailboxes": (
                self.duplicate_sightings == 0
            ),
            f"{self.duplicate_requirements} duplicate requirement(s) of vendor copies": (
                self.duplicate_requirements == 0
            ),
            f"{self.merged_requirements} requirement(s) merging two vendor-copied ones": (
                self.merged_requirements == 0
            ),
            f"{self.shared_job_mismatches} shared message(s) with a job count other than the "
            "extractor's": self.shared_job_mismatches == 0,
            "integration counters differ from the ledger / job totals": self.counters_consistent,
            f"dead-lettered {self.dead_lettered} != poison injected {self.poison_injected}": (
                self.dead_lettered == self.poison_injected
            ),
            f"{self.poison_failed} poison message(s) not acknowledged": self.poison_failed == 0,
            f"{self.dead_letters.other} genuine message(s) dead-lettered": (
                self.dead_letters.other == 0
            ),
            f"unexpected exits: {', '.join(self.unexpected_exits)}": not self.unexpected_exits,
            f"only {self.kills} of {self.options.kills} kills": self.kills >= self.options.kills,
            f"only {self.broker_restarts} of {restarts_wanted} broker restarts": (
                self.broker_restarts >= restarts_wanted
            ),
            f"only {self.broker_kills} of {kills_wanted} broker kills": (
                self.broker_kills >= kills_wanted
            ),
            "no broker kill hit the active controller": (
                kills_wanted == 0 or self.controller_kills > 0
            ),
            f"only {self.postgres_restarts} of {pg_wanted} PostgreSQL restarts": (
                self.postgres_restarts >= pg_wanted
            ),
        }
        return [message for message, passed in checks.items() if not passed]

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        """The issue's figures first, then what explains them."""
        options = self.options
        figures: dict[str, Any] = {
            "emails_in": self.emails_in,
            "processed_records": self.processed_records,
            "jobs": self.jobs,
            "duplicate_jobs": self.duplicate_jobs,
            "lost": self.lost,
            "duplicate_requirements": self.duplicate_requirements,
            "lost_sightings": self.lost_sightings,
            "dead_lettered": self.dead_lettered,
            "poison_injected": self.poison_injected,
            "kills": self.kills,
            "counters_consistent": self.counters_consistent,
            "broker_restarts": self.broker_restarts,
            "broker_kills": self.broker_kills,
            "postgres_restarts": self.postgres_restarts,
            "max_under_replicated_partitions": self.max_under_replicated_partitions,
            "seconds": round(self.seconds, 1),
            "ok": self.ok,
            "failures": self.failures,
        }
        for what, why in self.skipped.items():
            figures[f"{what}_skipped"] = why
        return {
            **figures,
            "seed": options.seed,
            "emails_generated": self.emails_generated,
            "tenants": len(self.tenants),
            "integrations": len(self.integrations),
            "jobs_expected": self.jobs_expected,
            "duplicate_records": self.duplicate_records,
            "sightings": self.sightings,
            "expected_sightings": self.expected_sightings,
            "duplicate_sightings": self.duplicate_sightings,
            "merged_requirements": self.merged_requirements,
            "vendor_copy_requirements": self.vendor_copy_requirements,
            "shared_messages": self.shared_messages,
            "shared_job_mismatches": self.shared_job_mismatches,
            "brokers": options.brokers,
            "replicas": options.replicas,
            **self.dead_letters.as_json(),
            "poison_failed": self.poison_failed,
            "broker_downtime_seconds": [round(s, 1) for s in self.broker_downtime_s],
            "broker_kills_detail": [
                {**vars(k), "downtime": round(k.downtime, 1)} for k in self.broker_kill_records
            ],
            "controller_kills": self.controller_kills,
            "postgres_downtime_seconds": [round(s, 1) for s in self.postgres_downtime_s],
            "kills_by_service": self.kills_by_service,
            "kills_during_work": self.kills_during_work,
            "restarts": self.restarts,
            "unexpected_exits": self.unexpected_exits,
            "sync_requests": self.sync_requests,
            "sync_runs": self.sync_runs,
            "idle": self.idle,
            "consumer_lag": self.consumer_lag,
            "redeliveries": self.redeliveries,
            "per_integration": [
                {**vars(r), "counters_consistent": r.counters_consistent}
                for r in self.per_integration
            ],
            "per_tenant": [vars(t) for t in self.per_tenant],
            "log_dir": self.log_dir,
            "groups": self.groups,
        }
