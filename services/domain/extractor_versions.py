"""The total order of extractions, so a replayed email knows whether it supersedes its jobs.

An extraction is named by its extractor (``Extractor.name``) and that extractor's version:

- Different extractors rank by ``EXTRACTOR_PRECEDENCE``: the model-backed extractor
  ("openai") supersedes the offline rules ("rules"), whatever their versions. Names it does not
  list rank below every listed one, among themselves by name.
- The same extractor ranks by the release in its version: the part after the last "/" (the
  rules' "1.10.0"; the model extractor's "<model>/prompt-v3" has the release "prompt-v3"),
  read as a semantic version: numbers compare as numbers, missing parts count as 0 ("1.1" is
  "1.1.0"), a pre-release ("1.2.0-rc.1") comes before its release, build metadata ("+abc") is
  ignored. What precedes the release (the model) does not order: a model swapped without a
  prompt bump is the same version, so replaying through it changes no job.
- A release without a number ranks below every numbered one, among themselves by text.

Version strings are never compared as plain strings: "prompt-v10" is after "prompt-v9", and
"01-ai/Yi-1.5-34B-Chat/prompt-v1" (an LLM) after the rules' "1.1.0".
"""

from __future__ import annotations

import re

from schemas.contracts.models import Extractor

# lowest first: a later extractor's extraction replaces an earlier one's
EXTRACTOR_PRECEDENCE: tuple[str, ...] = ("rules", "openai")

_RELEASE = re.compile(
    r"^(?P<label>.*?)v?(?P<numbers>\d+(?:\.\d+)*)"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]*)?$"
)

PreReleasePart = tuple[int, int, str]  # (0, number, "") or (1, 0, text): numbers first
ReleaseRank = tuple[int, tuple[int, ...], tuple[int, tuple[PreReleasePart, ...]], str]
ExtractionRank = tuple[int, str, ReleaseRank]


def release_rank(version: str) -> ReleaseRank:
    """Where ``version`` sits among the versions of one extractor (see the module docstring)."""
    release = version.strip().rsplit("/", 1)[-1]
    match = _RELEASE.match(release)
    if match is None:
        return (0, (), (1, ()), release)
    numbers = [int(part) for part in match["numbers"].split(".")]
    while numbers and numbers[-1] == 0:  # "1.1" and "1.1.0" are one version
        numbers.pop()
    pre = match["pre"]
    pre_rank: tuple[int, tuple[PreReleasePart, ...]] = (1, ())  # a release after its pre-releases
    if pre is not None:
        pre_rank = (
            0,
            tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")),
        )
    return (1, tuple(numbers), pre_rank, match["label"])


def extraction_rank(extractor: Extractor) -> ExtractionRank:
    """The sort key of an extraction: extractor precedence first, then its release."""
    name = extractor.name
    precedence = EXTRACTOR_PRECEDENCE.index(name) if name in EXTRACTOR_PRECEDENCE else -1
    return (precedence, name if precedence < 0 else "", release_rank(extractor.version))


def supersedes(candidate: Extractor, current: Extractor) -> bool:
    """Whether ``candidate``'s extraction replaces the one ``current`` made."""
    return extraction_rank(candidate) > extraction_rank(current)
