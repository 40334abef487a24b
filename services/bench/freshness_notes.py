"""What the freshness bench's figures mean, printed with them."""

NOTES = [
    "latency per email: processed_emails.processed_at (the jobwriter's transaction that "
    "commits the job(s) and the ledger row; PostgreSQL now()) minus the moment the bench's "
    "delivery into the mailbox returned (Gmail: the local Gmail stored it; Outlook: the local "
    "Graph stored it; IMAP: Dovecot answered the APPEND), same clock; p50/p95/p99 nearest-rank "
    "over the provider's committed emails; missing = delivered but not in the ledger when the "
    "drain timed out",
    "fetched_p50_s, fetched_p95_s: from the delivery to sync_runs.fetched_at of the sync that "
    "read the email (notification, request, sync start and the mailbox reads); the rest of "
    "p50_s is email.raw, the parser, email.parsed and the jobwriter",
    "missing_sample: up to five emails not in the ledger, each with its mailbox's sync runs "
    "since the delivery (none: no sync read the mailbox after the email arrived)",
    "emails: requirement layouts of services.ops.mailbox_gen whose subject names a candidate "
    "role (all pass the keyword match), a unique Message-ID each; delivered open loop at "
    "`rate` per second over all mailboxes in turn (providers interleaved), after every "
    "integration's first sync (and, with push, its watch: Gmail users.watch, a Graph "
    "subscription, the IMAP watcher idling)",
    "push: Gmail notifications as Pub/Sub pushes signed by a local key to POST /push/gmail, "
    "Graph change notifications (created) to POST /push/graph, Dovecot's IDLE to the IMAP "
    "watcher; the production cron (*/15) stays on as the safety net, sync frequency 15 min",
    "cron: push off (no Pub/Sub topic, no Graph notification URL, no IMAP watcher); the "
    "scheduler's cron ticks every cron_interval_s and every integration is due at each tick "
    "(sync frequency 1 min within the 60 s due slack); model_at_this_interval: the wait alone "
    "(q x interval for quantile q, mean interval/2); expected_at_15_min: the same model at "
    "900 s plus the pipeline's own median time (the phase's p50 less interval/2) per provider",
    "FETCHER_SYNCS_PER_PERIOD raised (cron and manual starts) so every mailbox's first sync, "
    "and each tick's syncs, start at once; push syncs keep the deployment's per-mailbox limit "
    "(FETCHER_PUSH_SYNCS_PER_PERIOD); PARSER_EXTRACTOR=offline; one replica per service",
]
