"""Links between generated pages are correct for both URL styles MkDocs supports."""
from __future__ import annotations

import pytest

from generator.core.layout import Layout


@pytest.mark.parametrize("source, target, expected", [
    ("index.md", "systems/x.md", "systems/x/"),
    ("systems/x.md", "index.md", "../../"),
    ("systems/x.md", "systems/y.md", "../y/"),
    ("systems/index.md", "systems/x.md", "x/"),
    ("systems/x.md", "systems/index.md", "../"),
    ("systems/x.md", "departments/d.md", "../../departments/d/"),
    ("reference/fields.md", "assets/airegister/a.css", "../../assets/airegister/a.css"),
    ("index.md", "index.md", "./"),
])
def test_directory_urls(source, target, expected):
    assert Layout(True).relative(source, target) == expected


@pytest.mark.parametrize("source, target, expected", [
    ("index.md", "systems/x.md", "systems/x.html"),
    ("systems/x.md", "index.md", "../index.html"),
    ("systems/x.md", "systems/y.md", "y.html"),
    ("systems/index.md", "systems/x.md", "x.html"),
    ("systems/x.md", "assets/airegister/a.css", "../assets/airegister/a.css"),
])
def test_file_urls(source, target, expected):
    assert Layout(False).relative(source, target) == expected
