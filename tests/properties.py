"""How many examples an exactness property runs.

Many property tests hold a fast path to the long way over thousands of generated texts; together
they cost minutes of every `make test`. Under the default ``ci`` profile each runs a fifth of its
written count (never under 100; derandomized, so the same examples on every run). The ``full``
profile (`pytest --hypothesis-profile=full`, for a change to a fast path) runs the written count,
``explore`` runs it with fresh random examples.
"""

from hypothesis import settings

CI_SHARE = 5
CI_FLOOR = 100


def examples(written: int) -> int:
    """The examples to run for a property written with ``written`` of them."""
    if settings.get_current_profile_name() == "ci":
        return max(CI_FLOOR, written // CI_SHARE)
    return written
