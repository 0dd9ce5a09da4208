"""The public AI register engine: load, validate, model, render and publish a city's register.

The engine works without MkDocs; the MkDocs plugin is a thin adapter on top.
"""
from __future__ import annotations

__version__ = "0.1.0"

from generator.core.errors import ExitCode, Problem, Severity  # noqa: E402
from generator.model.registry import LoadResult, load_registry  # noqa: E402

__all__ = ["ExitCode", "LoadResult", "Problem", "Severity", "__version__", "load_registry"]
