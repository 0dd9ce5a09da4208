"""Where the running ``airegister`` came from, so that a new register installs the very same version.

``airegister init`` writes the new register's ``requirements.txt``. It must name a source that the
city's machines and its CI can reach, without a manual step:

- installed from the package index: ``airegister==<version>``;
- installed from a Git address (``pip install git+https://…``): that address at the same commit;
- installed from a wheel or an archive at an address: that address; from a wheel file on this
  machine: a copy of the wheel, kept in the new register's ``wheels/`` folder;
- installed from a folder (a clone of this project, also ``pip install -e .``): a wheel built
  from that folder (``pip wheel --no-deps``), kept in ``wheels/``.

The installer records the source in ``direct_url.json`` (PEP 610); this module only reads it.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator import __version__

DISTRIBUTION = "airegister"
WHEELS = "wheels"


class OriginError(Exception):
    """The running generator's source cannot be given to a new register."""


@dataclass
class Origin:
    """The requirement line for the new register, and the files it needs next to it (a wheel)."""

    requirement: str
    files: dict[str, bytes] = field(default_factory=dict)
    source: str = ""


def _direct_url() -> dict | None:
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return json.loads(text) if text else None


def _local_path(url: str) -> Path:
    return Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))


def _wheel(path: Path, source: str) -> Origin:
    relative = f"{WHEELS}/{path.name}"
    return Origin(f"./{relative}", {relative: path.read_bytes()}, source)


def build_wheel(folder: Path) -> Path:
    """Build the generator's wheel from a copy of this project (the documented command, run for the clerk)."""
    out = Path(tempfile.mkdtemp(prefix="airegister-wheel-"))
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)
    wheels = sorted(out.glob(f"{DISTRIBUTION}-*.whl"))
    if result.returncode != 0 or not wheels:
        raise OriginError(f"could not build the airegister wheel from {folder} ({' '.join(command)}):\n"
                          f"{(result.stderr or result.stdout).strip()}\nGive the source with --requirement instead.")
    return wheels[0]


def running_origin() -> Origin:
    """The source of the running generator, as a requirement a new register can install."""
    info = _direct_url()
    if info is None:
        return Origin(f"{DISTRIBUTION}=={__version__}", source="the package index")
    url = info.get("url", "")
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return Origin(f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""), source=url)
    if url.startswith("file:"):
        path = _local_path(url)
        if path.is_file() and path.suffix == ".whl":
            return _wheel(path, str(path))
        if path.is_dir():
            wheel = build_wheel(path)
            try:
                return _wheel(wheel, str(path))
            finally:
                shutil.rmtree(wheel.parent, ignore_errors=True)
        raise OriginError(f"airegister was installed from {path}, which is no longer there; give --requirement")
    return Origin(f"{DISTRIBUTION} @ {url}", source=url)
