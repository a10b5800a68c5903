"""The package's shape: small modules, short functions, no import cycle, and the claim checks the
data layer validates are the ones the analysis decides."""

import ast
from pathlib import Path

import grimp

import tradeanalysis
from tradeanalysis.analysis.claim_checks import CLAIM_CHECKS
from tradeanalysis.data.claim_rules import CLAIM_RULES

PACKAGE = Path(tradeanalysis.__file__).parent
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 350, 60


def sources():
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_350_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in sources()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long


def test_no_function_is_over_60_lines():
    long = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = length
    assert not long


def test_no_import_cycle():
    graph = grimp.build_graph("tradeanalysis")
    cycles = [
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if graph.chain_exists(importer=b, imported=a)
    ]
    assert not cycles


def test_every_claim_check_the_loader_accepts_has_a_function():
    assert set(CLAIM_RULES) == set(CLAIM_CHECKS)
