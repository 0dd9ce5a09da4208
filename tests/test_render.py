"""The engine renders pages without MkDocs: page set, overrides, errors, and `airegister render`."""
from __future__ import annotations

import shutil

import pytest

from generator.model.registry import load_registry
from generator.site.render import RenderError, RenderOptions, render_site
from generator.core.schema import load_schemas

from conftest import FIXTURES, REPO, explain, run_cli

SCHEMAS = load_schemas()


def example():
    return load_registry(REPO / "registry").registry


def test_one_page_per_record_department_and_domain_plus_the_list_pages():
    registry = example()
    pages = {p.src: p for p in render_site(registry, SCHEMAS)}
    expected = {f"systems/{s.id}.md" for s in registry}
    expected |= {f"departments/{d}.md" for d in registry.register.departments}
    expected |= {f"domains/{d}.md" for d in SCHEMAS.record["properties"]["domains"]["items"]["enum"]}
    expected |= {"index.md", "systems/index.md", "departments/index.md", "domains/index.md", "about.md", "reference/fields.md",
                 "changes.md", "readiness.md", "data/index.md", "accessibility.md", "privacy.md"}
    # a plain page per value of the filters that have no pages of their own (for readers without JavaScript)
    expected |= {f"browse/status/{s.status.replace(' ', '-')}.md" for s in registry}
    expected |= {f"browse/classification/{s.classification}.md" for s in registry}
    expected |= {f"browse/oversight/{s.oversight_level or 'not-provided'}.md" for s in registry}
    expected |= {f"browse/personal/{s.personal_data_answer}.md" for s in registry}
    expected |= {f"browse/category/{c}.md" for s in registry for c in s.data.get("categories", ())}
    assert set(pages) == expected
    for system in registry:
        page = pages[f"systems/{system.id}.md"]
        assert page.source_file == (REPO / system.file).resolve()
        assert not page.in_nav, "system pages stay out of the navigation"


def test_rendering_is_deterministic():
    registry = example()
    first = [(p.src, p.markdown) for p in render_site(registry, SCHEMAS)]
    second = [(p.src, p.markdown) for p in render_site(registry, SCHEMAS)]
    assert first == second


def test_a_city_can_override_a_template(tmp_path):
    (tmp_path / "system.md.j2").write_text(
        '{% extends "default:system.md.j2" %}', encoding="utf-8")
    (tmp_path / "about.md.j2").write_text('---\ntitle: "About"\n---\n\nOur own about page for {{ register_title }}.\n',
                                           encoding="utf-8")
    pages = {p.src: p for p in render_site(example(), SCHEMAS, RenderOptions(templates_dir=tmp_path, language="en"))}
    register = example().register
    title = register.text(register.title, "en")
    assert pages["about.md"].markdown.endswith(f"Our own about page for {title}.\n")
    assert "## In short" in pages["systems/parking-scan-car.md"].markdown


def test_a_misspelt_field_in_an_override_is_a_clear_error(tmp_path):
    (tmp_path / "about.md.j2").write_text("Line one\n{{ site.registry.registr.title }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_site(example(), SCHEMAS, RenderOptions(templates_dir=tmp_path))
    message = str(caught.value)
    assert "about.md.j2:2" in message and "registr" in message


def test_a_record_cannot_take_the_address_of_a_list_page(tmp_path):
    registry_dir = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", registry_dir)
    text = (registry_dir / "minimal.yaml").read_text().replace("id: minimal", "id: index")
    (registry_dir / "minimal.yaml").unlink()
    (registry_dir / "index.yaml").write_text(text)
    result = load_registry(registry_dir)
    assert [(p.field, p.code) for p in result.errors] == [("id", "reserved-id")]


def test_render_command_writes_pages_and_removes_pages_of_deleted_records(tmp_path):
    registry_dir = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", registry_dir)
    out = tmp_path / "pages"
    out.mkdir()
    (out / "keep-me.txt").write_text("not ours")
    result = run_cli("render", "--registry", registry_dir, "--out", out)
    assert result.returncode == 0, explain(result)
    assert (out / "systems" / "minimal.md").is_file() and (out / "assets" / "airegister" / "airegister.css").is_file()
    (registry_dir / "minimal.yaml").unlink()
    result = run_cli("render", "--registry", registry_dir, "--out", out)
    assert result.returncode == 0, explain(result)
    assert not (out / "systems" / "minimal.md").exists()
    assert (out / "systems" / "multilingual.md").is_file()
    assert (out / "keep-me.txt").read_text() == "not ours"


def test_render_command_refuses_an_invalid_register_and_writes_nothing(tmp_path):
    out = tmp_path / "pages"
    result = run_cli("render", "--registry", FIXTURES / "invalid", "--out", out)
    assert result.returncode == 1
    assert "Nothing was written" in result.stderr and not out.exists()


def test_render_command_will_not_write_into_the_register(tmp_path):
    registry_dir = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", registry_dir)
    result = run_cli("render", "--registry", registry_dir, "--out", tmp_path)
    assert result.returncode == 2 and "choose a separate folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry"]
