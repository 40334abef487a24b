"""The chaos run: kill any service at any moment, restart the broker, feed poison; no email is
lost, none counted twice, and exactly the poison is dead-lettered.

One run generates ``emails`` synthetic recruiter emails in total, spread over ``tenants`` fresh
tenants with ``integrations_per_tenant`` maildir integrations each (tenants want slightly
different roles, so their fetchers select differently). It starts the four services and the API as
separate processes (1 scheduler, 2 fetchers, 2 parsers, 2 jobwriters, 1 api) under consumer
groups of its own, started at the end of the shared topics, and requests syncs through the API
until every mailbox is drained. Meanwhile a seeded RNG SIGKILLs a random service process ``kills``
times, a few seconds apart, restarting each; the broker is stopped and started again
``broker_restarts`` times at a random share of the work (same ports and data, the services
reconnect on their own); and ``poison`` marked messages go to the consumed topics at random
moments (schema-invalid JSON, undecodable bytes, events of unknown tenants and integrations, a
sync request for a missing integration; ``poison.py``). Then it waits until the pipeline is idle
(no sync run running, ledger stable, consumer lag 0, the poison dead-lettered) and checks.

The figures (``ChaosReport.to_json``), under the issue's names:

* ``emails_in``: the generated emails the pipeline must deliver, i.e. those whose subject
  matches the owning tenant's candidate roles (the fetcher's own selection rule); the others
  never leave the mailbox. ``emails_generated`` is the total written.
* ``processed_records``: processed-email ledger rows of the run's integrations.
* ``lost``: ``emails_in`` emails with no ledger row; ``duplicate_jobs``: job postings whose
  (tenant, integration, provider message id, job index) appears more than once; ``jobs`` must
  equal what the offline extractor yields for those emails, email by email (a message in
  several mailboxes of a tenant: once, summed over those mailboxes).
* ``dead_lettered``: distinct poison messages of this run found on the dead-letter topics
  (matched on the marker header the dead letter carries over); ``poison_injected``: poison the
  broker acknowledged. A genuine message of the run's integrations on a dead-letter topic counts
  in ``dead_lettered_other`` and fails the run.
* ``duplicate_requirements``, ``lost_sightings`` (``sightings.py``): each tenant also gets
  requirements sent by several vendors (``services/ops/vendor_copies.py``: other senders,
  domains and layouts), the first vendor's mail a blast in every one of its mailboxes under one
  Message-ID; the copies of one requirement must end in one requirement, and every job of the
  tenant's selected messages (each message once) in one sighting.
* ``kills``: SIGKILLs done; ``broker_restarts``: restarts done (0 with
  ``broker_restart_skipped`` when Kafka is not a native broker of this process);
  ``seconds``: wall time of the whole run, mailbox generation and verification included.

Required: ``lost == 0``, ``duplicate_jobs == 0``, ``duplicate_requirements == 0``,
``lost_sightings == 0``, ``dead_lettered == poison_injected``, plus the
integration counters equal to the ledger and job totals, and no service exiting on its own.
Redeliveries (the same email more than once on email.raw, email.parsed or job.created) are
counted, not failed: at-least-once delivery makes them expected after kills.
"""

from services.ops.chaos.broker import BrokerControl
from services.ops.chaos.fleet import Expected, expected_for_mailbox
from services.ops.chaos.options import CANDIDATES, ChaosOptions
from services.ops.chaos.probe import end_offsets, stable_members, start_at_end
from services.ops.chaos.report import ChaosReport
from services.ops.chaos.run import run_chaos

__all__ = [
    "CANDIDATES",
    "BrokerControl",
    "ChaosOptions",
    "ChaosReport",
    "Expected",
    "end_offsets",
    "expected_for_mailbox",
    "run_chaos",
    "stable_members",
    "start_at_end",
]
