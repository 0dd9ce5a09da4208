"""The engine's one-way layering: third-party seams live in one module each; MkDocs only in the adapter."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"

# which generator modules may import each third-party package
SEAMS = {
    "yaml": {"yamlload"},
    "jsonschema": {"schema", "messages"},
    "mkdocs": {"plugin"},
    "argparse": {"cli"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return relative.parts[0]


def test_third_party_packages_are_imported_in_one_place_each():
    for path in PACKAGE.rglob("*.py"):
        used = imports(path)
        for package, allowed in SEAMS.items():
            if package in used:
                assert module_name(path) in allowed, f"{path.relative_to(REPO)} imports {package}; only {sorted(allowed)} may"


def test_every_module_says_what_it_does():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no module docstring"
