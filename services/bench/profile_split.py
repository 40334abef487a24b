"""Where the parser's CPU goes, per pipeline stage: re's C matcher, other C code, Python.

Pure attribution over two kinds of profile of ``handle_raw_email``:

- py-spy's raw (collapsed) stacks taken with ``--native``: each sample's stage is the innermost
  stage root on its stack, its kind is read from the native frames under its innermost Python
  frame (an ``_sre`` frame there: the regex engine; none: the interpreter running Python code);
- cProfile's table: builtins (``~`` entries) are C, the methods of ``re.Pattern`` the regex
  engine; a function's stage is shared out over its callers' stages by call counts (gprof's
  assumption: a helper costs the same per call whoever calls it), a builtin's time split by
  each caller's own share of it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "KINDS",
    "STAGES",
    "StageRoot",
    "cprofile_split",
    "frame_kind",
    "is_regex_builtin",
    "sample_split",
    "stage_of",
]

# (stage, source file, function): where a stage starts; the innermost one on a stack wins
StageRoot = tuple[str, str, str]
STAGES: tuple[StageRoot, ...] = (
    ("decode", "services/parser/decoding/mime.py", "decode_email"),
    ("segmentation", "services/parser/rules/extractor.py", "_doc"),  # lines and labels
    ("segmentation", "services/parser/rules/segment.py", "job_drafts"),
    ("build_job", "services/parser/rules/jobs.py", "build_job"),
    ("classify", "services/parser/rules/classify.py", "classify"),
    ("evidence", "services/parser/rules/extractor.py", "_evidence"),
    ("build_parsed", "services/parser/handler.py", "build_parsed"),
)
REGION = ("services/parser/handler.py", "handle_raw_email")  # what is measured
OTHER = "other"  # in the region, under no stage root: extract's own glue
KINDS = ("regex", "c_other", "python")

_MATCHERS = "match|search|fullmatch|finditer|findall|sub|subn|split|scanner"
_REGEX_BUILTIN = re.compile(rf"<method '(?:{_MATCHERS})' of 're\.Pattern' objects>")
# "name (path:line)" is a Python frame in py-spy's output; "name (library)" a native one
_PY_FRAME = re.compile(r"^(?P<name>.*) \((?P<path>[^()]+):(?P<line>\d+)\)$")
# native frames the interpreter itself runs Python code with: allocation, collection, frames
_RUNTIME = ("malloc", "free", "realloc", "calloc", "gc_", "_Py", "Py", "frame_", "func_")


def is_regex_builtin(name: str) -> bool:
    """Whether a cProfile builtin entry is one of re.Pattern's scanning methods."""
    return _REGEX_BUILTIN.fullmatch(name) is not None


def _root_stage(path: str, name: str) -> str | None:
    for stage, file, function in STAGES:
        if name == function and path.endswith(file):
            return stage
    return None


def stage_of(frames: Sequence[tuple[str, str]]) -> str | None:
    """(function, path) frames, outermost first → the stage of the innermost stage root, OTHER
    when only the measured region is on the stack, None when not even it is."""
    stage: str | None = None
    for name, path in frames:
        root = _root_stage(path, name)
        if root is not None:
            stage = root
        elif stage is None and name == REGION[1] and path.endswith(REGION[0]):
            stage = OTHER
    return stage


def frame_kind(native_below: Sequence[str]) -> str:
    """The kind of a sample from the native frames under its innermost Python frame, outermost
    first: the regex engine when ``_sre`` is among them; Python when there are none, or the
    first is the runtime's own (allocation, collection); else other C code."""
    if any(name.startswith(("_sre_", "sre_")) for name in native_below):
        return "regex"
    if not native_below or native_below[0].startswith(_RUNTIME):
        return "python"
    return "c_other"


def sample_split(lines: Iterable[str]) -> dict[str, Counter[str]]:
    """py-spy ``--format raw`` lines ("frame;frame;... count") → stage → kind → samples, over
    the samples inside the measured region only."""
    split: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        python: list[tuple[str, str]] = []
        native_below: list[str] = []
        for frame in stack.split(";"):
            parsed = _PY_FRAME.match(frame)
            if parsed:
                python.append((parsed["name"], parsed["path"]))
                native_below = []
            else:
                native_below.append(frame.split(" (", 1)[0])
        stage = stage_of(python)
        if stage is not None:
            split[stage][frame_kind(native_below)] += int(count)
    return dict(split)


# cProfile's pstats table: function key → (primitive calls, calls, own time, cumulative time,
# callers: caller key → the same four figures for the calls from that caller)
FuncKey = tuple[str, int, str]
CallerFigures = tuple[int, int, float, float]
Entry = tuple[int, int, float, float, Mapping[FuncKey, CallerFigures]]


def _kind_of_entry(key: FuncKey) -> str:
    path, _, name = key
    if path == "~":
        return "regex" if is_regex_builtin(name) else "c_other"
    return "python"


def _fixed_stage(key: FuncKey) -> str | None:
    """The stage of a stage root, OTHER for the region itself, None for any other function."""
    path, _, name = key
    root = _root_stage(path, name)
    if root is None and name == REGION[1] and path.endswith(REGION[0]):
        return OTHER
    return root


def _stage_shares(table: Mapping[FuncKey, Entry]) -> dict[FuncKey, dict[str, float]]:
    """Each function's stage shares: a root's its own, the region's OTHER, any other function
    its callers' shares weighted by their calls (back edges of recursion left out)."""
    shares: dict[FuncKey, dict[str, float]] = {}
    visiting: set[FuncKey] = set()

    def share(key: FuncKey) -> dict[str, float]:
        if key in shares:
            return shares[key]
        fixed = _fixed_stage(key)
        if fixed is not None:
            shares[key] = {fixed: 1.0}
            return shares[key]
        if key in visiting or key not in table:
            return {}
        visiting.add(key)
        mixed: dict[str, float] = defaultdict(float)
        for caller, (_, calls, _, _) in table[key][4].items():
            for stage, part in share(caller).items():
                mixed[stage] += calls * part
        visiting.discard(key)
        total = sum(mixed.values())
        shares[key] = {stage: part / total for stage, part in mixed.items()} if total else {}
        return shares[key]

    for key in table:
        share(key)
    return shares


def cprofile_split(
    table: Mapping[FuncKey, Entry], overhead: Mapping[str, float] | None = None
) -> dict[str, dict[str, float]]:
    """Stage → kind → own seconds (and ``calls`` of regex methods), from a pstats table. A
    function's own time goes to its callers' stages in the shares of its time they account for
    (the per-caller figures), each caller's stages by ``_stage_shares``. ``overhead``: seconds
    per call the profiler adds to a C or a Python function's own time, taken off each call."""
    shares = _stage_shares(table)
    per_call = {"regex": 0.0, "c_other": 0.0, "python": 0.0, **(overhead or {})}
    split: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys((*KINDS, "calls"), 0.0))
    for key, (_, _, own, _, callers) in table.items():
        kind = _kind_of_entry(key)
        fixed = _fixed_stage(key)
        if fixed is not None:
            parts = [({fixed: 1.0}, own, table[key][1])]  # a root's own time is its stage's
        else:
            parts = [(shares.get(c, {}), fig[2], fig[1]) for c, fig in callers.items()]
        for caller_shares, seconds, calls in parts:
            kept = max(seconds - calls * per_call[kind], 0.0)
            for stage, part in caller_shares.items():
                split[stage][kind] += kept * part
                if kind == "regex":
                    split[stage]["calls"] += calls * part
    return dict(split)
