"""``airegister init``: a new, working register for a city, in an empty folder.

It writes the register configuration, one commented example record, the
schema, the site configuration, a Makefile with the same two commands as this
project (``make serve``, ``make test``), and the GitHub files: the pull-request
check, publishing to GitHub Pages, the issue form and its workflow, review
reminders, reviewers and a pull-request template. The workflows are the ones
this project uses itself; the files staff read (README, pull-request template,
issue links, the comments of the configuration and the example record) are
written in the register's default language, from the message catalogs.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import jinja2

from generator.authoring.origin import Origin, OriginError, running_origin
from generator.authoring.issueform import FORM_FILE, issue_form
from generator.model.objects import Register
from generator.core.i18n import L_, translator
from generator.core.schema import bundled_schema_dir, load_schemas
from generator.load.yamlload import load_bytes

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Files this project uses itself and gives to every new register unchanged.
SHARED_FILES = (
    ".github/workflows/validate.yml",
    ".github/workflows/deploy.yml",
    ".github/workflows/propose-from-issue.yml",
    ".github/workflows/review-reminders.yml",
    ".github/dependabot.yml",
)


class InitError(Exception):
    """The new register cannot be made (the folder is not empty, or an option is wrong)."""


def shared_files_dir() -> Path:
    """Where the shared GitHub files are: inside the installed package, or the repository in a development install."""
    package = Path(__file__).resolve().parent.parent  # generator/
    packaged = package / "project"
    if (packaged / SHARED_FILES[0]).is_file():
        return packaged
    return package.parent


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "city"


def init_register(target: Path, name: str, languages: list[str], departments: list[tuple[str, str]],
                  requirement: str | None = None, country: str | None = None, today: dt.date | None = None) -> list[Path]:
    """Create the register in ``target`` (which must be empty or not exist yet); returns the files written."""
    if target.exists() and any(target.iterdir()):
        raise InitError(L_("{folder} is not empty. Choose a new folder: nothing was written.", folder=str(target)))
    if not name.strip():
        raise InitError(L_("give the organisation's name with --name, such as --name \"City of Lakeholm\""))
    for code in languages:
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", code):
            raise InitError(L_("'{code}' is not a language code; use codes such as en, fi, sv, nl", code=code))
    for key, _ in departments:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) or key in ("index", "readme"):
            raise InitError(L_("'{id}' cannot be a department id: use lower-case letters, digits and hyphens", id=key))
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise InitError(L_("'{code}' is not a two-letter country code (such as FI or NL)", code=str(country)))
    today = today or dt.date.today()
    departments = departments or [("general", translator(languages[0]).gettext("General administration"))]
    values = {
        "name": name.strip(), "slug": _slug(name), "languages": languages, "departments": departments,
        "department": departments[0][0], "country": country, "today": today.isoformat(),
        "next_review": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
    }
    try:
        origin = Origin(requirement) if requirement else running_origin()
    except OriginError as exc:
        raise InitError(str(exc)) from None
    values["requirement"] = origin.requirement
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False,
                             extensions=["jinja2.ext.i18n"])
    t = translator(languages[0])  # the files for staff, and the example texts, in the register's default language
    env.install_gettext_callables(t.gettext, t.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["yaml"] = lambda text: json.dumps(str(text), ensure_ascii=False)  # a JSON string is a YAML string
    env.filters["language_name"] = lambda code: translator(code).language_name(code).capitalize()  # "Suomi"
    files: dict[str, str] = {}  # everything is prepared first, so a problem leaves no half-made register

    def write(relative: str, text: str) -> None:
        files[relative] = text

    rendered = {
        "registry/register.yaml": "register.yaml.j2",
        f"registry/{values['department']}/example-system.yaml": "example-system.yaml.j2",
        "mkdocs.yml": "mkdocs.yml.j2",
        "Makefile": "Makefile.j2",
        "README.md": "README.md.j2",
        "requirements.txt": "requirements.txt.j2",
        ".gitignore": "gitignore.j2",
        ".github/CODEOWNERS": "CODEOWNERS.j2",
        ".github/ISSUE_TEMPLATE/config.yml": "issue-config.yml.j2",
        ".github/pull_request_template.md": "pull_request_template.md.j2",
        ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    }
    for relative, template in rendered.items():
        write(relative, env.get_template(template).render(**values))
    source = shared_files_dir()
    for relative in SHARED_FILES:
        write(relative, (source / relative).read_text(encoding="utf-8"))
    for schema in sorted(bundled_schema_dir().glob("*.schema.json")):
        write(f"schema/{schema.name}", schema.read_text(encoding="utf-8"))
    write("docs/.gitkeep", "")
    config, problems = load_bytes(files["registry/register.yaml"].encode("utf-8"), "registry/register.yaml")
    if config is None:
        raise InitError(L_("the new register configuration could not be read: {problems}",
                           problems="; ".join(p.headline() for p in problems)))
    write(FORM_FILE, issue_form(load_schemas(), Register(config.data, "registry/register.yaml")))

    written: list[Path] = []
    for relative, content in [*files.items(), *origin.files.items()]:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    return written
