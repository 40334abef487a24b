"""The mypyc-compiled parser outputs exactly what the pure one does.

Runs on the tree ``make compiled-parser`` builds (build/mypyc) when it is a build of the current
sources; with REQSTREAM_BUILD_COMPILED_PARSER=1 the test builds it (~2.5 min of CPU, so the suite
does not by default); otherwise it skips and says why.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.bench.compiled_parser import COMPILED, DEFAULT_TREE, build, fresh_tree
from services.cli.settings import process_environment
from tests.services.parser import handler_outputs
from tests.services.parser.handler_outputs import differences, outputs

_CORPORA = [Path(__file__).resolve().parents[2] / "corpus" / name for name in ("malformed", "dev")]
_EMAILS, _SEED = 300, 2


@pytest.fixture(scope="module")
def compiled_tree() -> Path:
    if not fresh_tree(DEFAULT_TREE):
        if process_environment().get("REQSTREAM_BUILD_COMPILED_PARSER") != "1":
            pytest.skip(
                f"no compiled parser of the current sources at {DEFAULT_TREE}: "
                "`make compiled-parser` builds it, or set REQSTREAM_BUILD_COMPILED_PARSER=1"
            )
        build(DEFAULT_TREE)
    return DEFAULT_TREE


def _in_tree(tree: Path, *args: str) -> str:
    env = {**process_environment(), "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_compiled_tree_imports_the_extension_modules(compiled_tree: Path) -> None:
    modules = [p.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for p in COMPILED]
    show = (
        "import importlib, json, sys\n"
        "print(json.dumps([importlib.import_module(m).__file__ for m in sys.argv[1:]]))"
    )
    files = json.loads(_in_tree(compiled_tree, "-c", show, *modules))
    assert all(file.endswith(".so") for file in files), files


def test_compiled_parser_outputs_what_the_pure_one_does(compiled_tree: Path) -> None:
    corpora = [str(path) for path in _CORPORA]
    script = str(Path(handler_outputs.__file__).resolve())
    dumped = _in_tree(compiled_tree, script, "dump", "--emails", str(_EMAILS), "--seeds",
                      str(_SEED), "--corpus", *corpora)  # fmt: skip
    found = differences(outputs(_EMAILS, [_SEED], _CORPORA), json.loads(dumped))
    assert not found, "\n".join(found[:20])


def test_compiled_modules_are_the_parser_rules_and_decoding() -> None:
    assert COMPILED and all(p.startswith("services/parser/") for p in COMPILED)
    assert "services/parser/rules/jobs.py" not in COMPILED  # see _EXCLUDED
