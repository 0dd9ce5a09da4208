"""The loading pipeline: register folder -> checked files -> ``Registry`` model.

``load_registry`` discovers the files, reads each one strictly, checks it
against the schema, runs the register-wide checks and, only when no error is
left, builds the model. It never raises for bad input: every problem in every
file comes back in ``LoadResult.problems``.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import checks

from generator.load import discover
from generator.core.errors import Problem
from generator.model.objects import Register, Registry, System
from generator.core.parallel import map_indexed
from generator.core.schema import Schemas, load_schemas, schema_dir_beside
from generator.check.languages import LanguagePolicy
from generator.check.validate import check_config, check_record
from generator.load.yamlload import CONFIG_MAX_BYTES, Document, load_file


# From this many records on, a compiled schema check is worth its 0.2 s compile time.
FAST_PATH_FROM = 150


@dataclass
class LoadCache:
    """Checked record files kept between loads of the same register (the live preview).

    A record file is read and checked again only when its size or time of change differs, or when the schema or
    the configuration changed. After each load, ``changed`` holds the record files that were checked again (new
    or changed) and ``removed`` those that are gone; ``everything`` is True when nothing could be reused."""

    context: tuple = ()
    entries: dict[str, tuple[tuple[int, int], tuple]] = field(default_factory=dict)
    changed: set[Path] = field(default_factory=set)
    removed: set[Path] = field(default_factory=set)
    everything: bool = True
    result: "LoadResult | None" = None  # the last whole load, given again while no file changed (each language's build)
    resolved: dict[str, Path] = field(default_factory=dict)  # a record file's path -> its absolute path


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def _check_files(job: "_FileJob", cache: LoadCache | None, context: tuple) -> list[tuple]:
    """Every record file checked, reusing the cache's results for files that did not change."""
    records = job.files.records
    if cache is None:
        return map_indexed(_check_file, job, len(records))
    if cache.context != context:
        cache.context, cache.entries = context, {}
    stamps = [_stamp(path) for path in records]
    keys = [str(path) for path in records]
    missing = [i for i, key in enumerate(keys) if cache.entries.get(key, ((), None))[0] != stamps[i]]
    cache.everything = len(missing) == len(records)
    if cache.everything:  # the first load: in parallel, as without a cache
        fresh = dict(zip(missing, map_indexed(_check_file, job, len(records))))
    else:
        fresh = {i: _check_file(job, i) for i in missing}
    cache.changed = {records[i] for i in missing}
    cache.removed = {Path(key) for key in set(cache.entries) - set(keys)}
    for i, found in fresh.items():
        cache.entries[keys[i]] = (stamps[i], found)
    for key in cache.removed:
        del cache.entries[str(key)]
    return [cache.entries[key][1] for key in keys]


@dataclass
class LoadResult:
    """What loading a register produced: the model (only when valid) and every problem found."""

    root: Path
    registry: Registry | None
    problems: list[Problem]
    files: int = 0
    records: int = 0
    seconds: float = 0.0
    documents: dict[str, Document] = field(default_factory=dict, repr=False)
    default_language: str | None = None  # the register's (from register.yaml): the language the command line reports in

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _FileJob:
    files: discover.RegisterFiles
    schemas: Schemas
    languages: LanguagePolicy
    functional: set[str]
    fast: bool
    named_contacts: bool = False  # register.yaml's named_contacts: personal addresses are published on purpose


def _check_file(job: _FileJob, index: int) -> tuple[Path, str, Document | None, list[Problem]]:
    """Read and check one record file (runs in a worker process for large registers)."""
    path = job.files.records[index]
    display = job.files.display(path)
    problems = checks.file_name_problems(path, display)
    doc, load_problems = load_file(path, display)
    problems += load_problems
    if doc is not None:
        problems += check_record(doc, job.schemas, job.languages, job.functional, job.fast, job.named_contacts)
        doc = doc.slim()  # the register-wide checks only look at the top levels; less to pass between processes
    return path, display, doc, problems


def schema_dir_for(root: Path) -> Path | None:
    """The schema folder next to the register folder (``schema/`` beside ``registry/``), if there is one."""
    return schema_dir_beside(root)


def load_config(root: Path, schema_dir: Path | None = None) -> tuple[Register | None, list[Problem]]:
    """Only the register configuration (for tools that need the departments, whatever state the records are in)."""
    root = discover.find_root(root)
    schemas = load_schemas(schema_dir or schema_dir_for(root))
    files = discover.list_files(root)
    display = files.display(files.config)
    doc, problems = load_file(files.config, display, CONFIG_MAX_BYTES)
    if doc is not None:
        problems += check_config(doc, schemas) + checks.config_problems(doc)
    if doc is None or any(p.is_error for p in problems):
        return None, problems
    return Register(doc.data, display, schemas), problems


def load_registry(root: Path, schema_dir: Path | None = None, only: list[Path] | None = None,
                  cache: LoadCache | None = None) -> LoadResult:
    """Load and check the register at ``root``.

    ``only`` limits the reported problems to these files or folders; the whole
    register is still read, because ids and references are checked across all files.
    """
    started = time.perf_counter()
    root = discover.find_root(root)
    schemas: Schemas = load_schemas(schema_dir or schema_dir_for(root))
    files = discover.list_files(root)
    problems: list[Problem] = []

    config_display = files.display(files.config)
    config_doc, config_problems = load_file(files.config, config_display, CONFIG_MAX_BYTES)
    problems += config_problems
    if config_doc is not None:
        problems += check_config(config_doc, schemas)
        problems += checks.config_problems(config_doc)
    config_data = config_doc.data if config_doc is not None else {}
    languages = LanguagePolicy.from_config(config_data)
    functional = {m.lower() for m in config_data.get("functional_mailboxes", ()) if isinstance(m, str)} \
        if isinstance(config_data.get("functional_mailboxes"), list) else set()

    fast = len(files.records) >= FAST_PATH_FROM
    if fast:
        schemas.record_is_valid  # compile once here, so worker processes inherit it
    job = _FileJob(files, schemas, languages, functional, fast, config_data.get("named_contacts") is True)
    loaded: dict[str, tuple[Path, Document]] = {}
    documents: dict[str, Document] = {}
    if config_doc is not None:
        documents[config_display] = config_doc
    context = (str(schemas.directory), _stamp(files.config),
               tuple(_stamp(p) for p in sorted(Path(schemas.directory).glob("*.json"))))
    checked_files = _check_files(job, cache, context)
    if cache is not None and not only and cache.result is not None and not (cache.everything or cache.changed
                                                                             or cache.removed):
        return cache.result  # nothing changed since the last load (the next language of the same preview build)
    for path, display, doc, file_problems in checked_files:
        problems += file_problems
        if doc is not None:
            loaded[display] = (path, doc)
            documents[display] = doc
    problems += checks.record_problems(loaded, config_data if isinstance(config_data, dict) else {}, files.root, schemas)

    wanted = _Within(only) if only else None
    if wanted is not None:
        problems = [p for p in problems if p.file == config_display or wanted.contains(Path(p.file))]
    problems.sort(key=Problem.sort_key)

    registry = None
    # The model is only built from a full, error-free load: with ``only``, problems elsewhere were not reported.
    if config_doc is not None and not only and not any(p.is_error for p in problems):
        register = Register(config_doc.data, config_display, schemas)
        resolve = functools.partial(_resolved, cache.resolved if cache is not None else {})
        systems = [System(doc.data["id"], display, doc.data, register, resolve(path)) for display, (path, doc) in loaded.items()]
        systems.sort(key=lambda s: s.id)
        registry = Registry(register, systems)
    checked = len(files.records) if wanted is None else sum(1 for p in files.records if wanted.contains(p))
    result = LoadResult(files.root, registry, problems, files=checked + 1, records=checked,
                        seconds=time.perf_counter() - started, documents=documents, default_language=languages.default)
    if cache is not None and not only:
        cache.result = result
    return result


def _resolved(known: dict[str, Path], path: Path) -> Path:
    key = str(path)
    found = known.get(key)
    if found is None:
        found = known[key] = path.resolve()
    return found


class _Within:
    """The files and folders given to check (``only``), to ask of each file whether it is one of them or inside one.

    A set of resolved paths, so that each question costs one look-up per folder level, whatever the number of files
    given (thousands of file names on the command line must not make a check quadratic)."""

    def __init__(self, only: list[Path]) -> None:
        self.paths = {p.resolve() for p in only}
        self.resolved: dict[str, Path] = {}

    def contains(self, path: Path) -> bool:
        key = str(path)
        found = self.resolved.get(key)
        if found is None:
            found = self.resolved[key] = path.resolve()
        return found in self.paths or any(parent in self.paths for parent in found.parents)

