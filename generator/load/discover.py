"""Finding register files on disk: the register root, its configuration and its record files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.i18n import L_

CONFIG_NAME = "register.yaml"
RECORD_SUFFIXES = (".yaml", ".yml")


class DiscoveryError(Exception):
    """A path given by the user is not part of a register (a usage problem); its message can be told in any language."""


@dataclass(frozen=True)
class RegisterFiles:
    """The files of one register: its root folder, configuration file and record files (sorted)."""

    root: Path
    config: Path
    records: tuple[Path, ...]

    def display(self, path: Path) -> str:
        """A path as shown to users: relative to the current folder when possible, with '/' separators."""
        try:
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def find_root(path: Path) -> Path:
    """The register root for ``path``: the nearest folder at or above it holding ``register.yaml``."""
    if not path.exists():
        raise DiscoveryError(L_("{path}: no such file or folder", path=str(path)))
    start = path.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    raise DiscoveryError(L_("{path}: no {config} found in this folder or above it; point to the register folder (usually "
                            "registry/) that holds {config}", path=str(path), config=CONFIG_NAME))


def list_files(root: Path) -> RegisterFiles:
    """Every record file under ``root`` (any depth), skipping hidden files and the configuration."""
    root = root.resolve()
    config = root / CONFIG_NAME
    records = sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.suffix in RECORD_SUFFIXES and p != config
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    return RegisterFiles(root, config, tuple(records))


def register_default_language(root: Path | None) -> str | None:
    """The ``default_language`` of the register at ``root``, read without checking anything (for the messages
    printed before the register is loaded: the command line's help, the MkDocs plugin's first words); None when it
    cannot be read."""
    from generator.load.yamlload import load_file

    if root is None or not (root / CONFIG_NAME).is_file():
        return None
    doc, _ = load_file(root / CONFIG_NAME, CONFIG_NAME)
    data = doc.data if doc is not None else None
    value = data.get("default_language") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
