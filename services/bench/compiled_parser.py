"""The parser's rule and decoding modules compiled with mypyc, in a tree of their own.

``python -m services.bench.compiled_parser [OUT]`` copies ``services`` and ``schemas`` to OUT
(default ``build/mypyc``) and compiles the COMPILED modules there; run anything with
``PYTHONPATH=OUT`` to use them. The source tree is never touched: an extension module next to
its ``.py`` would shadow it for the editable install and the tests. The tree records a hash of
the sources it was built from, so a changed source makes it stale (``fresh_tree``), not wrong.
Needs mypy (a dev dependency) and a C compiler; a build takes ~2.5 min of CPU.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["COMPILED", "DEFAULT_TREE", "build", "fresh_tree", "sources_hash"]

_ROOT = Path(__file__).resolve().parents[2]
_PACKAGES = ("services", "schemas")
DEFAULT_TREE = _ROOT / "build" / "mypyc"
_STAMP = "SOURCES_SHA256"

# Not compiled: jobs.py keeps per-draft caches in JobDraft.__dict__, which a native class has not.
_EXCLUDED = frozenset({"services/parser/rules/jobs.py"})
COMPILED = tuple(
    path
    for folder in ("services/parser/rules", "services/parser/decoding")
    for path in sorted(p.relative_to(_ROOT).as_posix() for p in (_ROOT / folder).glob("*.py"))
    if path not in _EXCLUDED
)


def sources_hash(root: Path = _ROOT) -> str:
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fresh_tree(tree: Path = DEFAULT_TREE) -> bool:
    """Whether ``tree`` holds a build of the current sources."""
    stamp = tree / _STAMP
    return stamp.is_file() and stamp.read_text().strip() == sources_hash()


def build(tree: Path = DEFAULT_TREE) -> float:
    """Builds the compiled tree afresh; returns the seconds it took."""
    started = time.monotonic()
    shutil.rmtree(tree, ignore_errors=True)
    ignored = shutil.ignore_patterns("__pycache__", "*.so")
    for package in _PACKAGES:
        shutil.copytree(_ROOT / package, tree / package, ignore=ignored)
    shutil.copy2(_ROOT / "pyproject.toml", tree / "pyproject.toml")  # mypy's settings
    subprocess.run([sys.executable, "-m", "mypyc", *COMPILED], cwd=tree, check=True)
    shutil.rmtree(tree / "build", ignore_errors=True)  # setuptools' objects, not needed to run
    (tree / _STAMP).write_text(sources_hash(tree) + "\n")  # the copy compiled
    return time.monotonic() - started


if __name__ == "__main__":
    out = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_TREE
    sys.stdout.write(f"compiled {len(COMPILED)} modules into {out} in {build(out):.0f} s\n")
