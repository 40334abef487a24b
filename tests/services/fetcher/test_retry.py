"""The retry table: which provider errors are retried, how often, and with which waits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import stamina

from services.fetcher.providers.base import AuthRevoked, RateLimited, Transient
from services.fetcher.retry import RetryPolicy


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    # stamina's testing mode keeps the attempt count but never sleeps
    with stamina.set_testing(True, attempts=4, cap=True):
        yield


def flaky(errors: list[Exception], result: str = "ok") -> tuple[list[int], object]:
    calls: list[int] = []

    def call() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return result

    return calls, call


def test_rate_limit_then_success_is_retried() -> None:
    calls, call = flaky([RateLimited("429", retry_after=2.0), Transient("503")])
    assert RetryPolicy().call(call) == "ok"  # type: ignore[arg-type]
    assert len(calls) == 3


def test_rate_limit_forever_gives_up_after_three_retries() -> None:
    calls, call = flaky([RateLimited("429", retry_after=1.0) for _ in range(10)])
    with pytest.raises(RateLimited):
        RetryPolicy().call(call)  # type: ignore[arg-type]
    assert len(calls) == 4


def test_expired_token_is_never_retried() -> None:
    calls, call = flaky([AuthRevoked("invalid_grant")])
    with pytest.raises(AuthRevoked):
        RetryPolicy().call(call)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_hook_honours_retry_after_and_refuses_long_waits() -> None:
    policy = RetryPolicy(max_wait=60)
    assert policy.should_retry(RateLimited("429", retry_after=7)) == dt.timedelta(seconds=7)
    assert policy.should_retry(RateLimited("429")) is True
    assert policy.should_retry(RateLimited("429", retry_after=3600)) is False
    assert policy.should_retry(Transient("timeout")) is True
    assert policy.should_retry(ValueError("bug")) is False


def test_a_retryable_first_failure_waits_as_the_table_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bare first attempt's failure still counts as stamina's first: the waits that follow
    are the table's (here the Retry-After of each failure), and the attempts stay four."""
    waits: list[float] = []
    with stamina.set_testing(False):
        monkeypatch.setattr("time.sleep", waits.append)
        errors: list[Exception] = [RateLimited("429", retry_after=float(s)) for s in (5, 6, 7, 8)]
        calls, call = flaky(errors)
        with pytest.raises(RateLimited):
            RetryPolicy().call(call)  # type: ignore[arg-type]
    assert len(calls) == 4
    assert waits == [5.0, 6.0, 7.0]
