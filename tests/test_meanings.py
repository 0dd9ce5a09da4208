"""What a choice value means lives in the schema (``x-meanings``, ``x-dates``...), never in the engine's code.

1. No Python file and no template of the engine names a value of a choice field
   of the schemas: code asks the schema's annotations (``core.meanings``) what
   a value means, templates get ready-made words from the page contexts. A city
   that adds a value to any ``enum`` then gets a working site, and what the
   value means is said once, beside the value.
2. The annotations are really read: a schema copy with a new personal-data
   level, or a new status with its own dates and wording, changes what the
   pages, the readiness report and the open data say.
"""
from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, explain
from sites import ENGLISH_CONFIG, article, make_project, mkdocs_build

PACKAGE = REPO / "generator"
SCHEMA = REPO / "schema"

# Folders of generator/ that the scan does not read (none: the crosswalk's value tables live in its mapping files
# and the schema's x-mappings, so its code is held to the same rule as the rest of the engine).
NOT_YET_SCANNED: set[str] = set()

# Ordinary words that happen to equal a value of some choice field, where the engine uses them for something
# else: (files, words, reason). Each is allowed only in the files named. Keep this list tiny.
ALLOWED: list[tuple[set[str], set[str], str]] = [
    ({"generator/check/validate.py"}, {"data", "privacy", "health", "safety", "security", "finance", "education"},
     "words that mark a functional mailbox name (data@, privacy@...), not risk categories or attributes"),
    ({"generator/check/validate.py", "generator/check/languages.py", "generator/core/fields.py",
      "generator/site/contexts.py", "generator/site/templates/fields.md.j2", "generator/cli/common.py",
      "generator/cli/from_issue.py", "generator/cli/reporters.py", "generator/cli/__init__.py",
      "generator/cli/check.py"}, {"language"},
     "the field kind 'language' (a language code), the check rule of that name and the command line's --language "
     "(the language of its messages), not the protected attribute"),
    ({"generator/publish/opendata.py", "generator/plugin/plugin.py", "generator/load/history.py"}, {"data"},
     "the open-data folder data/ and the parsed data of a file version, not the risk category"),
    ({"generator/load/history.py", "generator/site/render.py"}, {"retired"},
     "the change kind 'retired' of history.json and the feed; which change is one is decided by the status's "
     "meaning 'retired' (load/history.py)"),
    ({"generator/model/objects.py"}, {"unknown"},
     "PERSONAL_DATA_ANSWERS: the published answer 'unknown' to 'uses personal data?', not the data-set level"),
    ({"generator/publish/linkeddata.py"}, {"provider", "transparency"},
     "the schema.org term 'provider' and the DCAT keyword 'transparency' of the open data, not AI Act values"),
]

# Calls that take the *name of a meaning* (not a value) in the given argument: Meanings.has(path, value, meaning),
# Meanings.any(path, values, meaning), Meanings.values(path, meaning), Meanings.note(path, value, meaning),
# System.status_means(meaning), System.completed_assessments(meaning). Meaning names read like the values
# they describe ("retired", "high-risk"), so a string there is not a value. So are the keys of the inner
# dictionaries of MEANINGS in generator/core/meanings.py, which declares the meanings the engine reads.
MEANING_ARGUMENT = {"has": 2, "any": 2, "values": 1, "note": 2, "status_means": 0, "completed_assessments": 0,
                    "first_meaning": 2}
MEANINGS_DECLARATION = ("generator/core/meanings.py", "MEANINGS")


def _schemas() -> list[dict]:
    return [json.loads((SCHEMA / name).read_text(encoding="utf-8"))
            for name in ("ai-system.schema.json", "register.schema.json")]


def _walk(node, on_dict):
    if isinstance(node, dict):
        on_dict(node)
        for value in node.values():
            _walk(value, on_dict)
    elif isinstance(node, list):
        for item in node:
            _walk(item, on_dict)


def enum_values(schemas: list[dict]) -> set[str]:
    found: set[str] = set()
    _walk(schemas, lambda n: found.update(v for v in n.get("enum", ()) if isinstance(v, str))
          if isinstance(n.get("enum"), list) else None)
    return found


def property_names(schemas: list[dict]) -> set[str]:
    found: set[str] = set()
    _walk(schemas, lambda n: found.update(n["properties"]) if isinstance(n.get("properties"), dict) else None)
    return found


def forbidden_values() -> set[str]:
    """Enum values that must not appear in the engine's code: all of them, except those that are also property
    names of the schemas (a principled exception: "classification" and "development" are both a value of
    external_categories and a field name, and code names fields)."""
    schemas = _schemas()
    return enum_values(schemas) - property_names(schemas)


def allowed_in(path: Path) -> set[str]:
    relative = path.relative_to(REPO).as_posix()
    return {word for files, words, _ in ALLOWED if relative in files for word in words}


def _scanned(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return not (set(parts[:-1]) & NOT_YET_SCANNED)


def python_hits(path: Path, values: set[str], declaration: tuple[str, str] = MEANINGS_DECLARATION) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, (ast.Assign, ast.AnnAssign)) and path.as_posix().endswith(declaration[0])
                and any(isinstance(t, ast.Name) and t.id == declaration[1]
                        for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))
                and isinstance(node.value, ast.Dict)):
            for inner in node.value.values:
                if isinstance(inner, ast.Dict):
                    skip.update(id(key) for key in inner.keys if isinstance(key, ast.Constant))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))  # docstrings explain, they do not decide
        called = node.func.attr if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None
        if called in MEANING_ARGUMENT:
            position = MEANING_ARGUMENT[called]
            if len(node.args) > position and isinstance(node.args[position], ast.Constant):
                skip.add(id(node.args[position]))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and node.value in values]


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_QUOTED = re.compile(r"""(?P<q>["'])(?P<s>(?:(?!(?P=q)).)*)(?P=q)""")


def template_hits(path: Path, values: set[str]) -> list[tuple[int, str]]:
    """String literals inside a template's {{ }} and {% %} equal to a value (HTML attributes such as
    role="region" are markup, not values the template decides on)."""
    text = path.read_text(encoding="utf-8")
    hits = []
    for expression in _JINJA.finditer(text):
        line = text.count("\n", 0, expression.start()) + 1
        for match in _QUOTED.finditer(expression.group()):
            if match["s"] in values:
                hits.append((line + expression.group().count("\n", 0, match.start()), match["s"]))
    return hits


def engine_files(pattern: str) -> list[Path]:
    return sorted(p for p in PACKAGE.rglob(pattern) if _scanned(p))


def test_the_scan_reads_the_engine_and_finds_a_value_where_one_is_named(tmp_path):
    values = forbidden_values()
    assert {"retired", "in use", "high-risk", "identified", "fully-automated", "health"} <= values
    assert "classification" not in values  # a property name too
    assert len(engine_files("*.py")) > 40 and len(engine_files("*.j2")) > 10
    assert any("crosswalk" in p.parts for p in engine_files("*.py"))
    sample = tmp_path / "sample.py"
    sample.write_text('"""retired"""\nif status == "retired":\n    m.has("status", status, "retired")\n', encoding="utf-8")
    assert python_hits(sample, values) == [(2, "retired")]
    template = tmp_path / "sample.md.j2"
    template.write_text('<div role="region">\n{{ "Since" }}{% if system.status == "in use" %}x{% endif %}\n',
                        encoding="utf-8")
    assert template_hits(template, values) == [(2, "in use")]


def test_no_engine_code_or_template_names_a_choice_value():
    values = forbidden_values()
    hits = [f"{path.relative_to(REPO)}:{line}: {value!r}"
            for path in engine_files("*.py") for line, value in python_hits(path, values - allowed_in(path))]
    hits += [f"{path.relative_to(REPO)}:{line}: {value!r}"
             for path in engine_files("*.j2") for line, value in template_hits(path, values - allowed_in(path))]
    assert not hits, ("These files name a value of a choice field. Ask the schema's annotations what the value "
                      "means instead (see generator/core/meanings.py):\n" + "\n".join(hits))


def test_allowed_entries_each_give_a_reason_and_are_still_needed():
    values = forbidden_values()
    for files, words, reason in ALLOWED:
        assert reason.strip(), words
        for name in files:
            path = REPO / name
            used = {v for _, v in (template_hits(path, words) if name.endswith(".j2") else python_hits(path, words))}
            assert words & values & used, f"no word of {sorted(words)} is still needed in {name}: remove it from ALLOWED"


# --- the annotations are read: a schema copy with new values changes what the register says ---------------

def _schema_copy(target: Path, change) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ai-system.schema.json", "register.schema.json"):
        schema = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
        if name == "ai-system.schema.json":
            change(schema)
        (target / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    return target


def _rewrite(path: Path, change) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def _add_personal_level(schema: dict) -> None:
    field = schema["properties"]["datasets"]["items"]["properties"]["personal_data"]
    field["enum"].append("aggregated")
    field["x-labels"]["aggregated"] = "Aggregated statistics"


def _high_risk_register(tmp_path: Path, level: str) -> tuple[Path, str]:
    """A copy of the example register whose first high-risk system has only data sets of ``level`` and no DPIA."""
    from generator.model.registry import load_registry

    registry = shutil.copytree(REPO / "registry", tmp_path / "registry")
    loaded = load_registry(REPO / "registry").registry
    system = next(s for s in loaded if s.meanings.has("ai_act.classification", s.classification, "high-risk")
                  and s.data.get("datasets"))

    def change(data):
        for dataset in data["datasets"]:
            dataset["personal_data"] = level
        data["impact_assessments"] = [a for a in data.get("impact_assessments", [])
                                      if not system.meanings.has("impact_assessments.type", a["type"], "dpia")]
        if not data["impact_assessments"]:
            del data["impact_assessments"]

    _rewrite(registry / Path(system.file).relative_to("registry"), change)
    return registry, system.id


@pytest.mark.parametrize("level, personal", [("aggregated", True), ("none", False)])
def test_a_new_personal_data_level_counts_as_personal_data(tmp_path, level, personal):
    """A level the schema does not declare "no-personal-data" is personal data: the page says so and the
    readiness report asks for the DPIA summary (the "none" case shows the test can tell the difference)."""
    from generator.model.registry import load_registry
    from generator.publish.readiness import high_risk_shortfall
    from generator.site.render import RenderOptions, render_site

    schema_dir = _schema_copy(tmp_path / "schema", _add_personal_level)
    registry_dir, system_id = _high_risk_register(tmp_path, level)
    result = load_registry(registry_dir, schema_dir)
    assert result.ok, [p.headline() for p in result.errors]
    system = result.registry.get(system_id)
    assert system.uses_personal_data is personal
    shortfall = high_risk_shortfall(system)
    asks = any("data protection impact assessment" in item for item in shortfall.missing)
    assert asks is personal, shortfall
    assert any("No DPIA summary is needed" in note for note in shortfall.notes) is not personal, shortfall
    pages = {page.src: page.markdown for page in render_site(result.registry, result.registry.schemas, RenderOptions(language="en"))}
    page = next(markdown for src, markdown in pages.items() if src.endswith(f"{system_id}.md"))
    answer = re.search(r"<dt>Personal data</dt>\s*<dd>(.*?)</dd>", page).group(1)
    assert answer == ("Yes, it uses personal data" if personal else "No personal data")
    if personal:
        assert "Aggregated statistics" in page


def _add_under_review(schema: dict) -> None:
    status = schema["properties"]["status"]
    status["enum"].append("under review")
    status["x-labels"]["under review"] = "Under review"
    status["x-meanings"]["used"].append("under review")
    status["x-dates"]["under review"] = ["in_use_since", "started_on"]
    status["x-date-labels"]["under review"] = "under review since"


@pytest.fixture(scope="module")
def under_review_site(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("under-review")
    project = make_project(root / "project", REPO / "registry", ENGLISH_CONFIG)
    _schema_copy(project / "schema", _add_under_review)
    path = next(p for p in sorted((project / "registry").glob("*/*.yaml"))
                if yaml.safe_load(p.read_text(encoding="utf-8"))["status"] == "in use"
                and "in_use_since" in (yaml.safe_load(p.read_text(encoding="utf-8")).get("lifecycle") or {}))
    data = _rewrite(path, lambda d: d.update(status="under review"))
    site = root / "site"
    result = mkdocs_build(project, site)
    return {"site": site, "result": result, "id": data["id"], "date": data["lifecycle"]["in_use_since"]}


def test_a_new_status_builds_and_is_shown_with_its_own_date_words(under_review_site):
    result, site, record_id = under_review_site["result"], under_review_site["site"], under_review_site["id"]
    assert result.returncode == 0, explain(result)
    assert "Traceback" not in result.stdout + result.stderr
    page = article(site / "systems" / record_id / "index.html")
    assert page.select_one(".air-badge--status").get_text() == "Under review"
    status = next(dt for dt in page.select(".air-summary dt") if dt.get_text() == "Status").find_next_sibling("dd")
    assert status.get_text(" ", strip=True).startswith("Under review (under review since")
    assert status.find("time")["datetime"] == str(under_review_site["date"])
    assert not page.select(".air-status-note")  # no notice was declared for it
    browse = article(site / "systems" / "index.html")
    card = next(li for li in browse.select("li.air-card") if li.get("data-status") == "under review")
    assert "Under review" in card.get_text(" ")
    assert "Under review since" in card.select_one(".air-card__date").get_text(" ")
    assert "Under review" in [label.get_text() for label in browse.select("[data-facet=status] .air-facet__label")]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((site / "data" / "registry.csv").read_text(encoding="utf-8-sig")))}
    assert rows[record_id]["status"] == "under review"
    assert rows[record_id]["status_date"] == str(under_review_site["date"])
    registry = json.loads((site / "data" / "registry.json").read_text(encoding="utf-8"))
    assert next(s for s in registry["systems"] if s["id"] == record_id)["status"] == "under review"


def test_the_schema_declares_every_meaning_the_engine_reads_and_names_only_its_own_values(tmp_path):
    from generator.core.meanings import meanings
    from generator.core.schema import load_schemas

    assert meanings(load_schemas(SCHEMA)).problems() == []
    broken = _schema_copy(tmp_path / "schema", lambda s: (
        s["properties"]["status"]["x-meanings"].pop("not-reviewed"),
        s["properties"]["status"]["x-dates"].update({"retired": ["retired_at"]})))
    problems = meanings(load_schemas(broken)).problems()
    assert any("not-reviewed" in p for p in problems) and any("retired_at" in p for p in problems), problems
