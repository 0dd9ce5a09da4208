"""The mapping tables in ``docs/exports-<standard>.md``, generated from each standard's mapping file.

Each export page holds its table between two marker lines; ``sync_docs``
rewrites what is between them and leaves the rest of the page as written. A test
fails when a page and its mapping file disagree, and ``make docs`` brings them
back together::

    <!-- mapping table: generated from generator/crosswalk/mappings/nyc-ll35.yaml; edit that file, then run make docs -->
    | Item | Field of the standard | Filled from | How | Required | Notes |
    <!-- end of mapping table -->
"""
from __future__ import annotations

import sys
from pathlib import Path

from generator.core.fields import field_index
from generator.core.schema import Schemas, load_schemas
from generator.crosswalk.mapping import BUILT_IN, Mapping, Rules

END = "<!-- end of mapping table -->"


def begin_marker(key: str) -> str:
    return (f"<!-- mapping table: generated from generator/crosswalk/mappings/{key}.yaml; "
            "edit that file, then run make docs -->")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _sources(mapping_sources: tuple[str, ...], schemas: Schemas) -> str:
    index = field_index(schemas)
    parts = []
    for path in mapping_sources:
        info = index.get(path)
        parts.append(f"{info.title} (`{path}`)" if info else f"`{path}`")
    return "; ".join(parts) if parts else "—"


def mapping_table(mapping: Mapping, rules: Rules, schemas: Schemas | None = None) -> str:
    """The Markdown table of a mapping: one row per field of the standard, in the file's order."""
    schemas = schemas or load_schemas()
    with_section = any(f.section for f in mapping.fields)
    header = (["Item"] if with_section else []) + ["Field of the standard", "Filled from", "How", "Required", "Notes"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for target in mapping.fields:
        rule = rules.describe(target.transform) or BUILT_IN.describe(target.transform)
        if target.limit:
            rule += f" At most {target.limit} characters."
        notes = target.note
        if target.options and target.transform == "constant":
            rule = f"Always “{target.options.get('value', '')}”."
        row = ([_cell(target.section or "—")] if with_section else []) + [
            f"{_cell(target.label)} (`{_cell(target.target)}`)" if target.label != target.target else f"`{_cell(target.target)}`",
            _cell(_sources(target.sources, schemas)),
            _cell(rule),
            "yes" if target.required else "",
            _cell(notes),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def expected_page(page: str, mapping: Mapping, rules: Rules, schemas: Schemas | None = None) -> str:
    """``page`` with its generated table replaced by the one the mapping file gives."""
    begin = begin_marker(mapping.key)
    if begin not in page or END not in page:
        raise ValueError(f"the page has no generated mapping table; add the two lines\n{begin}\n{END}\nwhere it belongs")
    head, rest = page.split(begin, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{begin}\n{mapping_table(mapping, rules, schemas)}{END}{tail}"


def doc_page(docs: Path, key: str) -> Path:
    return docs / f"exports-{key}.md"


def sync_docs(docs: Path, check: bool = False) -> list[Path]:
    """Rewrite (or with ``check``, only list) the export pages whose table differs from the mapping file."""
    from generator.crosswalk import all_standards

    stale = []
    for key, standard in sorted(all_standards().items()):
        mapping, rules = getattr(standard, "mapping", None), getattr(standard, "rules", None)
        if mapping is None or rules is None:
            continue
        path = doc_page(docs, key)
        page = path.read_text(encoding="utf-8")
        wanted = expected_page(page, mapping, rules)
        if wanted != page:
            stale.append(path)
            if not check:
                path.write_text(wanted, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.crosswalk.docs [--check] [DOCS]``: bring the export pages' tables up to date."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    folders = [a for a in args if a != "--check"]
    docs = Path(folders[0]) if folders else Path("docs")
    stale = sync_docs(docs, check)
    for path in stale:
        print(f"{path}: {'out of date with its mapping file' if check else 'table rewritten from its mapping file'}")
    if not stale:
        print("Every export page's mapping table matches its mapping file.")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
