"""The figures of one chaos run and the checks that make it pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.ops.chaos.ledger import IntegrationResult
from services.ops.chaos.options import ChaosOptions
from services.ops.chaos.poison import DeadLetterTally


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
    log_dir: str = ""

    @property
    def kills(self) -> int:
        return sum(self.kills_by_service.values())

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
        checks = {
            "not idle (sync runs still running, ledger moving or consumer lag)": self.idle,
            f"{self.lost} matching email(s) never reached the ledger": self.lost == 0,
            f"{unexpected} ledger row(s) for emails not in the mailbox": unexpected == 0,
            f"{self.duplicate_jobs} duplicate job posting(s)": self.duplicate_jobs == 0,
            f"{self.duplicate_records} duplicate ledger row(s)": self.duplicate_records == 0,
            f"{mismatches} email(s) with a job count other than the extractor's": mismatches == 0,
            f"jobs {self.jobs} != expected {self.jobs_expected}": self.jobs == self.jobs_expected,
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
            "dead_lettered": self.dead_lettered,
            "poison_injected": self.poison_injected,
            "kills": self.kills,
            "broker_restarts": self.broker_restarts,
            "seconds": round(self.seconds, 1),
            "ok": self.ok,
            "failures": self.failures,
        }
        if self.broker_restart_skipped:
            figures["broker_restart_skipped"] = self.broker_restart_skipped
        return {
            **figures,
            "seed": options.seed,
            "emails_generated": self.emails_generated,
            "tenants": len(self.tenants),
            "integrations": len(self.integrations),
            "jobs_expected": self.jobs_expected,
            "duplicate_records": self.duplicate_records,
            "counters_consistent": self.counters_consistent,
            **self.dead_letters.as_json(),
            "poison_failed": self.poison_failed,
            "broker_downtime_seconds": [round(s, 1) for s in self.broker_downtime_s],
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
            "log_dir": self.log_dir,
        }
