"""Writing a build to a folder: the pages, their stylesheet and script, and the open data, never half of them.

``airegister render`` writes everything with ``write_pages``; the MkDocs plugin
lets MkDocs write the pages and adds the open data with ``write_data``.

Every output is first written to a staging folder and moved into place only
when it is complete (``stage`` / ``publish`` / ``discard``, or ``staged`` as a
``with`` block). The staging folder lies beside the output folder, so the move
is one rename; when the output folder is a mount point of its own, the
staging folder lies inside it and its entries are renamed one by one. Either
way a full disk, a read-only folder or a killed build leaves the previous
output as it was, and the move itself needs no free space.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.core.i18n import L_, Text
from generator.site.render import RenderedPage, asset_files

MANIFEST = ".airegister-pages"
STAGING = ".airegister-new-"  # a build being written (left behind only by a killed build; removed by the next one)
RETIRED = ".airegister-old-"  # the previous output while the new one is moved into place


class OutputError(Exception):
    """The output could not be written; the message (``args[0]``, a ``Text``) says why and what to do, and that
    the old output is intact."""


def explain(exc: OSError, folder: Path) -> Text:
    """An operating-system error while writing ``folder``, in plain words with what to do (told later in the
    reader's language; English as a string)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return L_("the disk is full, so {folder} could not be written. Nothing in it was changed. "
                  "Free some space and run the build again.", folder=str(folder))
    if exc.errno == errno.EROFS:
        return L_("{folder} is on a read-only disk, so it could not be written. Nothing in it was changed. "
                  "Choose a folder on a writable disk.", folder=str(folder))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return L_("there is no permission to write to {folder}. Nothing in it was changed. "
                  "Choose a folder you may write to, or ask for write access to it.", folder=str(folder))
    return L_("{folder} could not be written ({reason}). Nothing in it was changed. Check the folder and run the build "
              "again.", folder=str(folder), reason=exc.strerror or str(exc))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _inside(target: Path) -> bool:
    """Stage inside ``target`` (it is a mount point, so a rename from beside it would cross disks)."""
    return target.is_dir() and os.path.ismount(target)


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _leftovers(folder: Path, prefix: str) -> None:
    """Remove staging folders of builds that were killed (their process is gone); a running build's stays."""
    for entry in folder.glob(prefix + "*"):
        if entry.is_dir() and not entry.is_symlink() and not _running(entry.name[len(prefix):].split("-")[0]):
            shutil.rmtree(entry, ignore_errors=True)


def stage(target: Path, inside: bool = False) -> Path:
    """A new, empty folder to write the output of ``target`` into (raises ``OutputError``).

    It lies beside ``target``, or inside it when ``inside`` is set or ``target`` is a mount point.
    """
    target = Path(os.path.abspath(target))
    try:
        home = target if inside or _inside(target) else target.parent
        home.mkdir(parents=True, exist_ok=True)
        prefix = STAGING if home == target else f".{target.name}{STAGING}"
        _leftovers(home, prefix)  # from builds that were killed
        _leftovers(home, prefix.replace(STAGING, RETIRED))
        staging = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=home))
        os.chmod(staging, 0o777 & ~_umask())  # as a folder made by mkdir, not mkdtemp's owner-only mode
    except OSError as exc:
        raise OutputError(explain(exc, target)) from None
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, target: Path) -> None:
    """Put the complete output in ``staging`` in the place of ``target`` (only renames; raises ``OutputError``)."""
    target = Path(os.path.abspath(target))
    try:
        if staging.parent == target:
            _swap_entries(staging, target)
        else:
            retired = None
            if target.exists() or target.is_symlink():
                retired = Path(tempfile.mkdtemp(prefix=f".{target.name}{RETIRED}{os.getpid()}-", dir=target.parent))
                os.replace(target, retired / "previous")
            try:
                os.replace(staging, target)
            except OSError:
                if retired is not None:
                    os.replace(retired / "previous", target)
                raise
            if retired is not None:
                shutil.rmtree(retired, ignore_errors=True)
    except OSError as exc:
        discard(staging)
        raise OutputError(explain(exc, target)) from None


def _swap_entries(staging: Path, target: Path) -> None:
    retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED}{os.getpid()}-", dir=target))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for entry in sorted(os.listdir(target)):
            if not entry.startswith((STAGING, RETIRED)):
                os.replace(target / entry, retired / entry)
                moved_out.append(entry)
        for entry in sorted(os.listdir(staging)):
            os.replace(staging / entry, target / entry)
            moved_in.append(entry)
    except OSError:
        for entry in moved_in:
            os.replace(target / entry, staging / entry)
        for entry in moved_out:
            os.replace(retired / entry, target / entry)
        shutil.rmtree(retired, ignore_errors=True)
        raise
    staging.rmdir()
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """``with staged(folder) as tmp:`` write into ``tmp``; ``folder`` gets it all at the end, or nothing on error."""
    staging = stage(target)
    try:
        yield staging
    except OSError as exc:
        discard(staging)
        raise OutputError(explain(exc, Path(os.path.abspath(target)))) from None
    except BaseException:
        discard(staging)
        raise
    publish(staging, target)


def write_data(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write files given by site path (such as the open data) under ``out``."""
    written = []
    for site_path, content in files.items():
        target = out / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written


def write_pages(pages: list[RenderedPage], out: Path, data: dict[str, bytes] | None = None) -> list[Path]:
    """Write pages and assets under ``out``; remove pages this command wrote last time that are gone now.

    Only files listed in the folder's manifest (written by an earlier run) are ever removed,
    so a page of a deleted record disappears and nothing else in the folder is touched.
    Everything is written to a staging folder first and moved into ``out`` file by file only
    when all of it could be written (raises ``OutputError`` with a plain message otherwise).
    """
    out = Path(os.path.abspath(out))
    staging = stage(out, inside=True)  # the folder may hold other files: only this command's files are replaced
    try:
        files: dict[str, Path] = {}
        for rendered in pages:
            target = staging / rendered.src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rendered.markdown, encoding="utf-8")
            files[rendered.src] = target
        for source, site_path in asset_files():
            target = staging / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            files[site_path] = target
        for path in write_data(data or {}, staging):
            files[path.relative_to(staging).as_posix()] = path
        manifest = out / MANIFEST
        previous = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
        (staging / MANIFEST).write_text("\n".join(sorted(files)) + "\n", encoding="utf-8")
        for relative, path in files.items():  # only renames from here on: no disk space needed
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, out / relative)
        for stale in sorted(previous - set(files)):
            target = out / stale
            if target.is_file() and ".." not in Path(stale).parts:
                target.unlink()
        os.replace(staging / MANIFEST, manifest)
    except OSError as exc:
        raise OutputError(explain(exc, out)) from None
    finally:
        discard(staging)
    return [out / relative for relative in files]
