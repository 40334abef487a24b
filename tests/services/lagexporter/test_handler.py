"""Pure lag arithmetic: kafka_exporter's semantics and the time-lag estimate (no broker)."""

import math

from services.lagexporter.handler import (
    NO_OFFSET,
    ClusterSnapshot,
    OffsetHistory,
    OffsetSample,
    PartitionKey,
    PartitionLag,
    PartitionOffsets,
    PartitionReplicas,
    TopicLag,
    build_report,
    compute_lag,
    consume_rate,
    estimate_lag_seconds,
    under_replicated_count,
)

RAW_0 = PartitionKey("email.raw", 0)
RAW_1 = PartitionKey("email.raw", 1)
PARSED_0 = PartitionKey("email.parsed", 0)


def snapshot(
    committed: dict[str, dict[PartitionKey, int]],
    *,
    latest: dict[PartitionKey, int] | None = None,
) -> ClusterSnapshot:
    ends = latest or {RAW_0: 50, RAW_1: 10, PARSED_0: 7}
    return ClusterSnapshot(
        partitions={key: PartitionOffsets(oldest=0, latest=end) for key, end in ends.items()},
        committed=committed,
        members=dict.fromkeys(committed, 1),
    )


def test_lag_is_end_minus_committed_with_sums_per_group_and_topic() -> None:
    partitions, topics = compute_lag(
        snapshot({"parser": {RAW_0: 20, RAW_1: 10}, "jobwriter": {PARSED_0: 3}})
    )
    assert partitions == (
        PartitionLag("jobwriter", "email.parsed", 0, 3, 4),
        PartitionLag("parser", "email.raw", 0, 20, 30),
        PartitionLag("parser", "email.raw", 1, 10, 0),
    )
    assert topics == (
        TopicLag("jobwriter", "email.parsed", 3, 4),
        TopicLag("parser", "email.raw", 30, 30),
    )


def test_partition_without_committed_offset_reports_minus_one_and_is_left_out_of_sums() -> None:
    partitions, topics = compute_lag(snapshot({"parser": {RAW_0: NO_OFFSET, RAW_1: 4}}))
    assert partitions[0] == PartitionLag("parser", "email.raw", 0, NO_OFFSET, NO_OFFSET)
    assert topics == (TopicLag("parser", "email.raw", 4, 6),)


def test_offsets_of_unknown_partitions_are_skipped_and_past_the_end_clamps_to_zero() -> None:
    partitions, _ = compute_lag(
        snapshot({"g": {PartitionKey("gone", 0): 5, RAW_0: 70}}, latest={RAW_0: 50})
    )
    assert partitions == (PartitionLag("g", "email.raw", 0, 70, 0),)


def test_consume_rate_is_committed_progress_over_the_sample_span() -> None:
    samples = [
        OffsetSample(100.0, {RAW_0: 20, RAW_1: 5}),
        OffsetSample(105.0, {RAW_0: 25, RAW_1: 5}),
        OffsetSample(110.0, {RAW_0: 40, RAW_1: 10, PARSED_0: 100}),  # new partition: no base
    ]
    assert consume_rate(samples) == (20 + 5) / 10


def test_consume_rate_is_unknown_without_two_samples_and_ignores_resets() -> None:
    assert consume_rate([]) is None
    assert consume_rate([OffsetSample(1.0, {RAW_0: 1})]) is None
    assert consume_rate([OffsetSample(1.0, {RAW_0: 1}), OffsetSample(1.0, {RAW_0: 9})]) is None
    reset = [OffsetSample(0.0, {RAW_0: 50}), OffsetSample(10.0, {RAW_0: 0})]
    assert consume_rate(reset) == 0.0


def test_lag_seconds_edge_cases() -> None:
    assert estimate_lag_seconds(0, None) == 0.0
    assert estimate_lag_seconds(30, None) is None
    assert estimate_lag_seconds(30, 0.0) == math.inf
    assert estimate_lag_seconds(30, 3.0) == 10.0


def test_report_estimates_seconds_from_the_recorded_history() -> None:
    history = OffsetHistory(window=60.0)
    first = build_report(snapshot({"parser": {RAW_0: 10, RAW_1: 10}}), history, at=0.0)
    assert first.group_lag == {"parser": 40}
    assert first.group_lag_seconds == {}  # one sample: no rate yet
    second = build_report(snapshot({"parser": {RAW_0: 30, RAW_1: 10}}), history, at=10.0)
    assert second.group_lag == {"parser": 20}
    assert second.group_lag_seconds == {"parser": 20 / 2.0}  # 20 messages in 10 s


def test_stalled_group_with_lag_is_infinite_and_caught_up_group_is_zero() -> None:
    history = OffsetHistory(window=60.0)
    committed = {"stalled": {RAW_0: 20}, "done": {RAW_1: 10}}
    build_report(snapshot(committed), history, at=0.0)
    report = build_report(snapshot(committed), history, at=5.0)
    assert report.group_lag_seconds == {"stalled": math.inf, "done": 0.0}


def test_retries_waiting_for_their_due_time_are_not_group_lag() -> None:
    retry_0 = PartitionKey("email.raw.retry.10m", 0)
    ends = {RAW_0: 50, retry_0: 3}
    history = OffsetHistory(window=60.0)
    committed = {"parser": {RAW_0: 50, retry_0: 1}}
    build_report(snapshot(committed, latest=ends), history, at=0.0)
    report = build_report(snapshot(committed, latest=ends), history, at=5.0)
    assert TopicLag("parser", "email.raw.retry.10m", 1, 2) in report.topics  # still exported
    assert report.group_lag == {"parser": 0}
    assert report.group_lag_seconds == {"parser": 0.0}  # caught up, not stalled


def test_history_keeps_one_sample_before_the_window_and_forgets_deleted_groups() -> None:
    history = OffsetHistory(window=10.0)
    for at, offset in [(0.0, 0), (5.0, 100), (12.0, 110), (20.0, 120)]:
        history.record(at=at, committed={"g": {RAW_0: offset}, "h": {RAW_0: 0}})
    # window start is 10.0: the sample at 5.0 is the newest at or before it, so it is the base
    assert history.rate("g") == (120 - 100) / (20.0 - 5.0)
    history.record(at=21.0, committed={"g": {RAW_0: 121}})
    assert history.rate("h") is None


def test_a_partition_with_fewer_in_sync_than_assigned_replicas_is_under_replicated() -> None:
    replication = {
        RAW_0: PartitionReplicas(replicas=3, in_sync=3),
        RAW_1: PartitionReplicas(replicas=3, in_sync=2),  # a broker down
        PARSED_0: PartitionReplicas(replicas=1, in_sync=1),  # one broker: never under-replicated
    }
    assert [key for key, r in replication.items() if r.under_replicated] == [RAW_1]
    assert under_replicated_count(replication) == 1
    assert under_replicated_count({}) == 0
