"""``policy.default`` with the MIME structure headers parsed once per distinct value.

The stdlib builds a new header object from the raw string on every ``msg.get``: a body part's
Content-Type is parsed again by ``get_content_type``, ``get_body``, ``get_content_charset`` and
``get_content_maintype``, and the same few values ("text/plain; charset=utf-8") recur in every
email. Header objects are immutable and depend only on (name, value), so one parsed object can
be handed out each time: the message reads exactly as before, without most of the parsing. The
header class per name (which the stdlib builds anew with ``type()`` on every read) is kept too.
"""

from __future__ import annotations

from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from functools import lru_cache

__all__ = ["CACHING_POLICY", "content_charset"]

# values that recur across emails; Subject, From, Message-ID ... differ per email: not cached
_STRUCTURE_HEADERS = frozenset({"content-type", "content-transfer-encoding", "content-disposition"})


class _CachingRegistry(HeaderRegistry):
    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        # The stdlib builds a fresh class with type() for every header read; the class depends
        # only on the name (this registry is never re-mapped), so build it once per name.
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name: str, value: str) -> BaseHeader:
        if name.lower() in _STRUCTURE_HEADERS:
            return _parsed(name, value)
        header: BaseHeader = super().__call__(name, value)
        return header


_REGISTRY = HeaderRegistry()


@lru_cache(maxsize=1024)
def _parsed(name: str, value: str) -> BaseHeader:
    header: BaseHeader = _REGISTRY(name, value)  # raising values are not cached: raise each time
    return header


CACHING_POLICY = policy.default.clone(header_factory=_CachingRegistry())


@lru_cache(maxsize=1024)
def content_charset(name: str, value: str) -> str | None:
    """``get_content_charset()`` of a message under ``CACHING_POLICY`` whose first
    Content-Type header is (``name``, ``value``) as parsed: that header is all it reads, so
    the parameter parsing is done once per distinct header (values that raise are not cached)."""
    probe = EmailMessage(policy=CACHING_POLICY)
    probe.set_raw(name, value)  # as the parser stores it
    return probe.get_content_charset()
