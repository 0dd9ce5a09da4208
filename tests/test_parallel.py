"""Large registers are checked and rendered in worker processes: the results must be exactly the same."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bench.synthetic import write_register
from generator.core.parallel import PARALLEL_FROM, workers_for
from generator.model.registry import load_registry
from generator.site.render import RenderError, RenderOptions, render_site
from generator.core.schema import load_schemas

from conftest import explain
from sites import mkdocs_build

COUNT = PARALLEL_FROM + 20


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("large")
    registry = write_register(root, COUNT)
    # three broken records among the valid ones
    find(registry, 8).write_text("schema_version: '1.0'\nid: system-00008\nname: [unclosed\n")
    text = find(registry, 15).read_text()
    find(registry, 15).write_text(re.sub(r"^status: .*$", "status: live\nold_status: x", text, flags=re.M))
    text = find(registry, 14).read_text()
    find(registry, 14).write_text(text.replace("id: system-00014", "id: system-00013"))
    return root


def find(registry: Path, number: int) -> Path:
    return next(registry.rglob(f"system-{number:05d}.yaml"))


def without_broken(target: Path, large: Path) -> Path:
    """A copy of the large register without its three broken records."""
    shutil.copytree(large / "registry", target)
    for number in (8, 14, 15):
        find(target, number).unlink()
    return target


@pytest.fixture
def pools(monkeypatch):
    """Count the worker pools started, and make sure workers are used (even with other threads running)."""
    import generator.core.parallel as parallel

    started = []

    class Counting(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(args[0] if args else kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counting)
    monkeypatch.setenv("AIREGISTER_WORKERS", "2")
    return started


def test_workers_are_used_for_large_registers_only(monkeypatch):
    monkeypatch.delenv("AIREGISTER_WORKERS", raising=False)
    monkeypatch.setattr("threading.active_count", lambda: 1)
    assert workers_for(PARALLEL_FROM - 1) == 0
    monkeypatch.setattr("generator.core.parallel.cores", lambda: 4)
    assert workers_for(COUNT) == 4
    assert workers_for(COUNT, leave_free=1) == 3
    monkeypatch.setenv("AIREGISTER_WORKERS", "0")
    assert workers_for(COUNT) == 0


def test_checking_in_workers_gives_the_same_problems(large, monkeypatch, pools):
    in_workers = load_registry(large / "registry")
    assert pools == [2]
    monkeypatch.setenv("AIREGISTER_WORKERS", "0")
    in_process = load_registry(large / "registry")
    assert in_workers.problems == in_process.problems
    assert {p.file.rsplit("/", 1)[-1] for p in in_workers.errors} == {"system-00008.yaml", "system-00015.yaml",
                                                                      "system-00013.yaml", "system-00014.yaml"}
    assert [p.code for p in in_workers.errors if p.file.endswith("system-00015.yaml")] == ["enum", "unknown-field"]


def test_rendering_in_workers_gives_the_same_pages(large, monkeypatch, tmp_path, pools):
    registry = without_broken(tmp_path / "registry", large)
    model = load_registry(registry).registry
    assert model is not None and len(model) == COUNT - 3
    pools.clear()
    in_workers = render_site(model, load_schemas())
    assert pools == [2]
    monkeypatch.setenv("AIREGISTER_WORKERS", "0")
    in_process = render_site(model, load_schemas())
    assert in_workers == in_process


def test_a_template_error_in_a_worker_is_reported(large, tmp_path, pools):
    registry = without_broken(tmp_path / "registry", large)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "system.md.j2").write_text("{{ system.data.no_such_field }}\n")
    with pytest.raises(RenderError, match="no_such_field"):
        render_site(load_registry(registry).registry, load_schemas(), RenderOptions(templates_dir=templates))


def test_a_large_site_builds_with_pages_rendered_ahead(large, tmp_path, pools):
    project = tmp_path / "project"
    without_broken(project / "registry", large)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text("site_name: Large\ntheme:\n  name: material\n  font: false\n"
                                        "plugins: [search, airegister]\nmarkdown_extensions: [admonition, attr_list, toc]\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, explain(result)
    pages = sorted((project / "site" / "systems").glob("system-*/index.html"))
    assert len(pages) == COUNT - 3
    expected = render_site(load_registry(project / "registry").registry, load_schemas())
    titles = {p.src: p.markdown.split("\n", 2)[1] for p in expected if p.src.startswith("systems/system-")}
    for page in pages:
        title = titles[f"systems/{page.parent.name}.md"]  # 'title: "..."' from the page's front matter
        assert f"<h1>{title.split(': ', 1)[1].strip(chr(34))}</h1>" in page.read_text()
