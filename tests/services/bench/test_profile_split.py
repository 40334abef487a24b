"""Attribution of handle_raw_email's CPU to stages and kinds (regex, other C, Python)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from services.bench.profile_split import (
    OTHER,
    CallerFigures,
    Entry,
    FuncKey,
    cprofile_split,
    frame_kind,
    is_regex_builtin,
    sample_split,
    stage_of,
)

HANDLER = ("handle_raw_email", "services/parser/handler.py")
BUILD_JOB = ("build_job", "services/parser/rules/jobs.py")
EVIDENCE = ("_evidence", "services/parser/rules/extractor.py")


def _py(name: str, path: str, line: int = 1) -> str:
    return f"{name} ({path}:{line})"


@pytest.mark.parametrize(
    ("frames", "stage"),
    [
        ([("<module>", "run.py")], None),  # outside the measured region
        ([("<module>", "run.py"), HANDLER], OTHER),
        ([HANDLER, ("extract", "x.py"), BUILD_JOB, ("helper", "y.py")], "build_job"),
        # the innermost stage root wins: build_job reached from inside another stage
        ([HANDLER, EVIDENCE, BUILD_JOB], "build_job"),
        # a function of a root's name in another file is not the root
        ([HANDLER, ("build_job", "elsewhere/jobs.py")], OTHER),
    ],
)
def test_stage_of(frames: list[tuple[str, str]], stage: str | None) -> None:
    assert stage_of(frames) == stage


@pytest.mark.parametrize(
    ("native", "kind"),
    [
        ([], "python"),
        (["_sre_SRE_Pattern_search", "sre_search"], "regex"),
        (["method_vectorcall_O", "_sre_SRE_Scanner_search"], "regex"),  # reached through a call
        (["_sre_SRE_Pattern_match", "malloc"], "regex"),  # the matcher's own allocation
        (["unicode_split"], "c_other"),
        (["0x7faf5f2d7bf3", "0x7faf5f311582"], "c_other"),  # a stripped extension module
        (["gc_collect_main"], "python"),
        (["free"], "python"),
        (["_PyObject_Malloc"], "python"),
    ],
)
def test_frame_kind(native: list[str], kind: str) -> None:
    assert frame_kind(native) == kind


def test_sample_split_counts_only_the_region_by_stage_and_kind() -> None:
    region = [_py("<module>", "loop.py"), _py(*HANDLER)]
    job = [*region, _py(*BUILD_JOB), _py("_rate", "services/parser/rules/jobs.py")]
    lines = [
        ";".join([_py("<module>", "loop.py"), _py("_pairs", "bench.py")]) + " 40",  # outside
        ";".join([*job, "_sre_SRE_Pattern_search (python3.11)", "sre_search (python3.11)"]) + " 3",
        ";".join([*job, "unicode_lower (python3.11)"]) + " 2",
        ";".join(job) + " 5",
        # native frames above a Python frame do not make it C: only those under the innermost
        ";".join([*region[:1], "0x7f00 (libc.so.6)", *region[1:]]) + " 1",
        "malformed line",
    ]
    assert sample_split(lines) == {
        "build_job": {"regex": 3, "c_other": 2, "python": 5},
        OTHER: {"python": 1},
    }


def test_is_regex_builtin() -> None:
    assert is_regex_builtin("<method 'search' of 're.Pattern' objects>")
    assert is_regex_builtin("<method 'finditer' of 're.Pattern' objects>")
    assert not is_regex_builtin("<method 'group' of 're.Match' objects>")
    assert not is_regex_builtin("<method 'split' of 'str' objects>")


_REGION: FuncKey = ("/w/services/parser/handler.py", 1, "handle_raw_email")
_JOB: FuncKey = ("/w/services/parser/rules/jobs.py", 90, "build_job")
_EVIDENCE: FuncKey = ("/w/services/parser/rules/extractor.py", 255, "_evidence")
_HELPER: FuncKey = ("/w/services/parser/rules/memo.py", 10, "remembered")
_SEARCH: FuncKey = ("~", 0, "<method 'search' of 're.Pattern' objects>")
_SPLIT: FuncKey = ("~", 0, "<method 'split' of 'str' objects>")
_LOOP: FuncKey = ("/w/bench.py", 5, "_run_all")


def _entry(calls: int, own: float, callers: Mapping[FuncKey, CallerFigures]) -> Entry:
    return (calls, calls, own, own, callers)


def _table() -> dict[FuncKey, Entry]:
    return {
        _LOOP: _entry(1, 5.0, {}),  # outside the region: not counted
        _REGION: _entry(10, 1.0, {_LOOP: (10, 10, 1.0, 9.0)}),
        _JOB: _entry(10, 2.0, {_REGION: (10, 10, 2.0, 4.0)}),
        _EVIDENCE: _entry(10, 3.0, {_REGION: (10, 10, 3.0, 4.0)}),
        # the helper: 30 calls from build_job, 10 from _evidence → 3/4 and 1/4 of it
        _HELPER: _entry(40, 4.0, {_JOB: (30, 30, 3.0, 3.0), _EVIDENCE: (10, 10, 1.0, 1.0)}),
        # a builtin's time is split by its callers' own figures, each caller's by its shares
        _SEARCH: _entry(50, 0.5, {_HELPER: (40, 40, 0.4, 0.4), _EVIDENCE: (10, 10, 0.1, 0.1)}),
        _SPLIT: _entry(20, 0.2, {_REGION: (20, 20, 0.2, 0.2)}),
    }


def test_cprofile_split_shares_helpers_by_their_callers() -> None:
    split = cprofile_split(_table())
    assert set(split) == {"build_job", "evidence", OTHER}
    assert split["build_job"]["python"] == pytest.approx(2.0 + 3.0)
    assert split["evidence"]["python"] == pytest.approx(3.0 + 1.0)
    assert split["build_job"]["regex"] == pytest.approx(0.4 * 0.75)
    assert split["evidence"]["regex"] == pytest.approx(0.4 * 0.25 + 0.1)
    assert split["build_job"]["calls"] == pytest.approx(30)
    assert split["evidence"]["calls"] == pytest.approx(20)
    assert split[OTHER] == pytest.approx({"regex": 0.0, "c_other": 0.2, "python": 1.0, "calls": 0})


def test_cprofile_split_takes_the_profilers_cost_off_each_call() -> None:
    overhead = {"regex": 0.001, "c_other": 0.001, "python": 0.01}
    split = cprofile_split(_table(), overhead)
    assert split[OTHER]["c_other"] == pytest.approx(0.2 - 20 * 0.001)
    assert split[OTHER]["python"] == pytest.approx(1.0 - 10 * 0.01)
    assert split["build_job"]["regex"] == pytest.approx((0.4 - 40 * 0.001) * 0.75)


def test_cprofile_split_survives_recursion() -> None:
    recursive: FuncKey = ("/w/services/parser/rules/wordtree.py", 3, "walk")
    table = _table()
    table[recursive] = _entry(8, 0.8, {_JOB: (2, 2, 0.2, 0.8), recursive: (6, 6, 0.6, 0.6)})
    split = cprofile_split(table)
    # the back edge from itself carries its own share: all of it build_job's
    assert split["build_job"]["python"] == pytest.approx(2.0 + 3.0 + 0.8)
