"""Skill mentions → lower-case canonical names through one alias table.

Unseen mail names skills a hand-kept list has never heard of, and a skill we cannot name is a
skill we miss; so the table is generated (data/build_skill_aliases.py) from the project's curated
aliases and the IT-staffing subset of O*NET's Technology Skills, a maintained CC BY 4.0
taxonomy of product names. Canonical names are the lower-case form recruiters write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import ahocorasick

from services.parser.rules.gate import fold
from services.parser.rules.wordtree import alternation

__all__ = ["MAX_SKILLS", "find_skills", "named_skills", "skill_spans"]

MAX_SKILLS = 8

# alias → canonical, generated from the curated list and O*NET (data/README.md says how).
_ALIASES = Path(__file__).parent / "data" / "skill_aliases.tsv"

# Upper-case acronyms and words that are ordinary English in lower case: matched only as written.
_CASE_SENSITIVE: dict[str, str] = {
    "REST": "rest api", "ADF": "azure data factory", "ADO": "azure devops",
    "ML": "machine learning", "SAP": "sap", "UAT": "uat", "LWC": "lightning web components",
    "CPQ": "salesforce cpq", "SOAP": "soap", "SAFe": "safe", "SAS": "sas", "Chef": "chef",
    "Spring": "spring", "Hive": "hive", "Excel": "excel", "Lambda": "aws lambda",
    "Node": "node.js", "Shell": "shell scripting", "Mule": "mulesoft", "Jest": "jest",
    "Oracle": "oracle", "S3": "aws", "EC2": "aws", "Git": "git", "Scrum": "agile",
    "React": "react", "REACT": "react", "Swift": "swift", "Rust": "rust", "Dart": "dart",
    "Go": "golang", "Golang": "golang", "Kafka": "kafka", "Glue": "aws glue", "Athena": "athena",
    "Looker": "looker", "Impala": "impala", "Mocha": "mocha", "Jasmine": "jasmine",
    "Puppet": "puppet", "Helm": "helm", "Flask": "flask", "Ruby": "ruby", "Epic": "epic",
    "Rails": "ruby on rails", "RoR": "ruby on rails", "HANA": "sap hana", "EDI": "edi",
    "IAM": "iam", "SSO": "sso", "BDD": "bdd", "Facets": "facets", "Checkpoint": "checkpoint",
    "Check Point": "checkpoint", "Confluent": "kafka", "REST Assured": "rest assured",
    "Rest Assured": "rest assured", "RestAssured": "rest assured",
}  # fmt: skip
# Generic words in the vocabulary that need the case-sensitive variant instead.
_INSENSITIVE_EXCLUDED = {
    "spring", "hive", "excel", "node", "shell", "mule", "ml", "ado", "sap", "react", "soap",
    "sas", "puppet", "helm", "flask", "ruby", "epic", "rails", "hana", "edi", "iam", "sso",
    "confluent", "panorama", "bdd", "ror", "facets", "checkpoint", "check point",
}  # fmt: skip
# Words that are a skill only in some company: "Palo Alto, CA" is a city, "Go live" and "Epic
# stories" are not the language or the EHR. Keyed by the matched text, lower case.
_NOT_AFTER = {"palo alto": re.compile(r",?\s*(?:CA\b|California)")}
_ONLY_AFTER = {
    "go": re.compile(
        r"\s*(?:[,/;)|]|$|\(|(?:and|or|developer|engineer|programm\w*|language|lang)\b)",
        re.IGNORECASE | re.MULTILINE,
    ),
    "epic": re.compile(
        r"\s+(?:EHR|EMR|Systems|Beaker|Hyperspace|Clarity|Cogito|Caboodle|Ambulatory|Inpatient|"
        r"Certified|certification|analyst|consultant)\b"
    ),
}


_AFTER = frozenset({*_NOT_AFTER, *_ONLY_AFTER})  # the matched words asked what follows them
_SAP_MODULES = ("sap fico", "sap mm", "sap sd", "sap basis", "abap", "sap hana", "s/4hana",
                "sap bw", "sap ariba", "successfactors")  # fmt: skip
_PARENT = dict.fromkeys(_SAP_MODULES, "sap")


def _load(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        alias, _, canonical = line.partition("\t")
        if line.startswith("#") or not canonical or alias in _INSENSITIVE_EXCLUDED:
            continue
        # "rust lang" / "dart lang": the bare words are case-sensitive, the canonical is short
        table[alias] = canonical.removesuffix(" lang")
    return table


_INSENSITIVE_MAP = _load(_ALIASES)
# A skill token is not glued to letters/digits, nor to "+", "#" or a dotted suffix (".js").
_EDGE_LEFT = r"(?<![\w+#.])"
_EDGE_RIGHT = r"(?![\w+#]|\.\w)"
_INSENSITIVE = re.compile(
    _EDGE_LEFT + "(" + alternation(list(_INSENSITIVE_MAP)) + ")" + _EDGE_RIGHT, re.IGNORECASE
)
_SENSITIVE = re.compile(_EDGE_LEFT + "(" + alternation(list(_CASE_SENSITIVE)) + ")" + _EDGE_RIGHT)
_SPACES = re.compile(r"\s+")


# the evidence search asks for the same few texts once per extracted value: scan each once
@lru_cache(maxsize=256)
def skill_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Skill mentions as (start, end, canonical name), in text order."""
    hits: list[tuple[int, int, str]] = []
    insensitive, sensitive = _word_starts(text)
    covered: list[tuple[int, int]] = []  # every insensitive match, excluded ones too
    for match in _finditer(_INSENSITIVE, insensitive, text):
        start, end = match.span()
        covered.append((start, end))
        written = match.group(1).lower()
        # only the few words of _NOT_AFTER / _ONLY_AFTER can be excluded: the rest are not asked
        if written in _AFTER and _excluded(text, (start, end, written)):
            continue
        alias = written
        if "  " in alias or not alias.isprintable():  # other whitespace than single spaces
            alias = _SPACES.sub(" ", alias)
        hits.append((start, end, _INSENSITIVE_MAP.get(alias, alias)))
    if not sensitive:
        return tuple(hits)  # finditer's order: by start, none overlapping
    # "Spring" inside "Spring Boot": the longer, insensitive match wins.
    for match in _finditer(_SENSITIVE, sensitive, text):
        start, end = match.span()
        if any(a <= start < b for a, b in covered):
            continue
        word = match.group(1)
        if word.lower() not in _AFTER or not _excluded(text, (start, end, word)):
            hits.append((start, end, _CASE_SENSITIVE[word]))
    hits.sort()
    return tuple(hits)


def _excluded(text: str, hit: tuple[int, int, str]) -> bool:
    word = text[hit[0] : hit[1]].lower()
    after, only = _NOT_AFTER.get(word), _ONLY_AFTER.get(word)
    if after is not None and after.match(text, hit[1]):
        return True
    return only is not None and only.match(text, hit[1]) is None


def find_skills(*texts: str, limit: int = MAX_SKILLS) -> list[str]:
    """Canonical skills in order of first mention; earlier texts (e.g. a skills line) rank first.
    An SAP module implies SAP itself ("SAP FICO" → sap, sap fico): recruiters search both."""
    found: dict[str, None] = {}  # an ordered set
    for text in texts:
        found.update(_names(text))
        if len(found) >= limit:
            break
    return list(found)[:limit]


@lru_cache(maxsize=256)
def _names(text: str) -> dict[str, None]:
    """The text's canonical names in order of first mention, each module's parent before it:
    a job's texts are merged name by name, and its intro is every job's (not to be changed)."""
    names: dict[str, None] = {}
    for _, _, canonical in skill_spans(text):
        parent = _PARENT.get(canonical)
        if parent is not None:
            names[parent] = None
        names[canonical] = None
    return names


@lru_cache(maxsize=256)
def named_skills(text: str) -> frozenset[str]:
    """``find_skills(text)`` as a set: the evidence search asks of mention after mention
    whether it names a skill, and the same few mentions recur."""
    return frozenset(find_skills(text))


def _word_starts(text: str) -> tuple[set[int], set[int]]:
    """Where an insensitive and where a case-sensitive word of the vocabulary starts in the
    text, one automaton pass over it folded (gate.fold, one character for one): an insensitive
    match is its word folded, a case-sensitive (ASCII) match folds to its word's lower case.
    A superset for the sensitive words ("spring" finds "Spring"): the pattern decides."""
    hits = list(_WORDS.iter(fold(text)))
    insensitive = {end - (word >> 2) for end, word in hits if word & _INSENSITIVE_WORD}
    return insensitive, {end - (word >> 2) for end, word in hits if word & _SENSITIVE_WORD}


def _finditer(pattern: re.Pattern[str], starts: set[int], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the pattern tried only where one of its words starts.

    ``re`` would try the whole vocabulary's tree at every position (~100 ns a character). A
    match starts with one of the words, so ``starts`` (``_word_starts``) holds its start;
    finditer tries positions left to right and resumes after each match, and so does this
    loop; a position where no word starts has no match to miss."""
    resume = 0
    for start in sorted(starts):
        # the pattern's own look-behind, asked first: most words found sit inside other words
        if start < resume or (start and _glued(text[start - 1])):
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            resume = match.end()


def _glued(char: str) -> bool:
    """``(?<![\\w+#.])`` fails after ``char`` (re's \\w is str.isalnum() or "_")."""
    return char.isalnum() or char in "_+#."


_INSENSITIVE_WORD, _SENSITIVE_WORD = 1, 2


def _automaton() -> ahocorasick.Automaton:
    """Every word of the vocabulary, folded, with its length less one (a hit's last index less
    it is the word's start) and which patterns it is of, in one int: ``back << 2 | kinds``.
    The insensitive words are ASCII (test_skill_starts checks the table), as are the sensitive."""
    kinds: dict[str, int] = {}
    for alias in _INSENSITIVE_MAP:
        kinds[alias.lower()] = kinds.get(alias.lower(), 0) | _INSENSITIVE_WORD
    for word in _CASE_SENSITIVE:
        kinds[word.lower()] = kinds.get(word.lower(), 0) | _SENSITIVE_WORD
    automaton = ahocorasick.Automaton()
    for word, kind in kinds.items():
        automaton.add_word(word, (len(word) - 1) << 2 | kind)
    automaton.make_automaton()
    return automaton


_WORDS = _automaton()
