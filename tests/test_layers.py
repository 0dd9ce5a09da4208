"""The engine's shape: subpackages by pipeline stage, imports in one direction, third-party seams in one module each."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "generator"

# Each subpackage and the subpackages it may import (besides itself and the package root's __version__).
# Data flows one way: load -> check -> model -> crosswalk/publish/site -> build -> cli/plugin.
MAY_IMPORT = {
    "core": set(),
    "load": {"core"},
    "check": {"core", "load"},
    "model": {"core", "load", "check"},
    "crosswalk": {"core", "load", "model"},
    "publish": {"core", "load", "model", "crosswalk"},
    "site": {"core", "load", "model", "crosswalk", "publish"},
    "authoring": {"core", "load", "check", "model"},
    "build": {"core", "load", "check", "model", "crosswalk", "publish", "site"},
    "cli": {"core", "load", "check", "model", "crosswalk", "publish", "site", "authoring", "build"},
    "plugin": {"core", "load", "check", "model", "crosswalk", "publish", "site", "build"},
}
ROOT_MODULES = {"__init__", "__main__"}

# which modules (subpackage/module) may import each third-party package
SEAMS = {
    "yaml": {"load/yamlload", "crosswalk/mapping"},
    "jsonschema": {"core/schema", "check/messages"},
    "mkdocs": {"plugin/plugin", "plugin/config", "plugin/languages", "plugin/pages"},
    "argparse": {"cli/*"},
    "jinja2": {"site/render", "authoring/project", "crosswalk/pages"},
}


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports(path: Path) -> set[str]:
    """Every module an import statement names, absolute (relative imports resolved against the file's package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(REPO).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            if module in {"generator", *{f"generator.{stage}" for stage in MAY_IMPORT}}:
                found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def stage_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0] if len(parts) > 1 else parts[0]


def test_every_module_belongs_to_a_stage():
    for path in python_files():
        stage = stage_of(path)
        assert stage in MAY_IMPORT or stage in ROOT_MODULES, (
            f"{path.relative_to(REPO)} is outside the stage subpackages {sorted(MAY_IMPORT)}: move it into one")


@pytest.mark.parametrize("stage", sorted(MAY_IMPORT))
def test_stages_import_only_earlier_stages(stage):
    folder = PACKAGE / stage
    assert folder.is_dir(), f"generator/{stage}/ is missing"
    for path in sorted(folder.rglob("*.py")):
        for module in imports(path):
            parts = module.split(".")
            if parts[0] != "generator" or len(parts) < 2:
                continue
            target = parts[1]
            if target == stage or target == "__version__" or target not in MAY_IMPORT:
                continue
            assert target in MAY_IMPORT[stage], (
                f"{path.relative_to(REPO)} imports {module}, but '{stage}' may only import "
                f"{sorted(MAY_IMPORT[stage]) or 'nothing else of the engine'}")


def test_the_import_check_can_fail(tmp_path):
    """The checker itself sees both relative and absolute imports of later stages."""
    probe = PACKAGE / "core" / "_probe_for_test.py"
    probe.write_text('"""probe"""\nfrom ..site import render\nfrom generator.model import objects\n', encoding="utf-8")
    try:
        found = imports(probe)
        assert "generator.site" in found or "generator.site.render" in found
        assert "generator.model.objects" in found
    finally:
        probe.unlink()


def _seam_allows(path: Path, allowed: set[str]) -> bool:
    relative = "/".join(path.relative_to(PACKAGE).with_suffix("").parts)
    return any(relative == rule or (rule.endswith("/*") and relative.startswith(rule[:-1])) for rule in allowed)


def test_third_party_packages_are_imported_in_one_place_each():
    for path in python_files():
        used = {name.split(".")[0] for name in imports(path)}
        for package, allowed in SEAMS.items():
            if package in used:
                assert _seam_allows(path, allowed), f"{path.relative_to(REPO)} imports {package}; only {sorted(allowed)} may"


def test_every_module_says_what_it_does():
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no module docstring"


def test_every_subpackage_says_what_it_holds_and_may_import():
    for stage in MAY_IMPORT:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc, f"generator/{stage}/__init__.py should say what the subpackage may import"


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(REPO)): n for p in python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these modules by concern (at most about 400 lines each): {long}"


def test_cli_modules_are_named_after_their_commands():
    from generator.cli import COMMANDS

    for name, module in COMMANDS.items():
        expected = name.replace("-", "_") + ("_" if name == "import" else "")
        assert module.__name__ == f"generator.cli.{expected}"
        assert (PACKAGE / "cli" / f"{expected}.py").is_file()
