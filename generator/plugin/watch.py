"""The preview's watching of the register: a saved record is seen at once, and no save is built twice.

MkDocs' server looks for changes by listing every watched folder twice a second (which works everywhere, also in
virtual machines and on network drives, but a save waits up to half a second to be seen). The preview adds the
system's own change notices (inotify, FSEvents, ReadDirectoryChangesW, through watchdog) for the register and
schema folders, so a rebuild starts as soon as a record is saved; MkDocs' listing stays as the fallback. The later
listing then sees the same save again: before each rebuild, the watched files are compared with what the last
build saw, and a rebuild that would change nothing is skipped (the browsers are not told to reload either).

The server's rebuild signal and its build counters are not public in MkDocs 1.6; where they are missing (another
MkDocs), the preview simply keeps MkDocs' own watching and builds.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger("mkdocs.plugins.airegister")
_WRITES = frozenset({"created", "modified", "deleted", "moved", "closed"})  # not "opened": builds read records


def _snapshot(paths: list[str]) -> tuple:
    """Every watched file with its time of change and size."""
    found: list[tuple[str, int, int]] = []

    def visit(path: str) -> None:
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        visit(entry.path)
                    else:
                        status = entry.stat()
                        found.append((entry.path, status.st_mtime_ns, status.st_size))
        except NotADirectoryError:
            status = os.stat(path)
            found.append((path, status.st_mtime_ns, status.st_size))
        except OSError:
            found.append((path, -1, -1))

    for path in sorted(paths):
        visit(path)
    return tuple(sorted(found))


class Watch:
    """The native change notices of the preview, and the skipping of rebuilds that would change nothing."""

    def __init__(self) -> None:
        self.observer: Any = None
        self.seen: tuple | None = None  # the watched files as the last build started

    def start(self, server: Any, folders: list[Path]) -> None:
        """Watch ``folders`` with the system's notices, and wrap the server's builder (see the module's text)."""
        condition = getattr(server, "_rebuild_cond", None)
        if condition is None or not all(hasattr(server, name) for name in ("_want_rebuild", "_wanted_epoch", "_watched_paths")):
            return
        self._skip_unchanged(server)
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            def wake(event: Any) -> None:
                if event.is_directory or event.event_type not in _WRITES:
                    return
                with condition:
                    server._want_rebuild = True
                    condition.notify_all()

            handler = FileSystemEventHandler()
            handler.on_any_event = wake  # type: ignore[method-assign]
            observer = Observer()
            for folder in folders:
                if folder.is_dir():
                    observer.schedule(handler, str(folder), recursive=True)
            observer.daemon = True
            observer.start()
            self.observer = observer
        except Exception as exc:  # no notices on this system (a full inotify table...): MkDocs' listing does it
            log.debug(f"the preview watches by listing the folders only: {exc}")

    def _skip_unchanged(self, server: Any) -> None:
        build: Callable[[], None] = server.builder

        def build_if_changed() -> None:
            now = _snapshot(list(getattr(server, "_watched_paths", {}) or ()))
            if now == self.seen and hasattr(server, "_visible_epoch"):
                server._wanted_epoch = server._visible_epoch  # nothing to build, nothing for browsers to reload
                return
            self.seen = now
            build()

        server.builder = build_if_changed

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer = None


class WatchEvents:
    """The plugin's ``on_serve`` event, mixed into the plugin: the preview starts its watching (see ``Watch``)."""

    config: Any
    preview: Any

    def on_serve(self, server: Any, *, config: Any, builder: Callable[..., None]) -> Any:
        if self.config.enabled:
            self.preview.watch.start(server, [Path(folder) for folder in config.watch])
        return server
