"""Settings of the ``airegister`` MkDocs plugin (the ``plugins:`` entry in mkdocs.yml)."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class RegisterConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the register off without removing the plugin (for example to build only the guides)."""

    registry = c.Dir(exists=True, default="registry")
    """The register folder: ``register.yaml`` and the record files."""

    schema = c.Optional(c.Dir(exists=True))
    """The folder with the schema files. Default: ``schema/`` beside the register, else the built-in schema."""

    templates = c.Optional(c.Dir(exists=True))
    """A folder of page templates that replace the built-in ones of the same name (``system.md.j2`` ...)."""

    language = c.Optional(c.Type(str))
    """The language of this build. Texts are shown in it where a record has it. Default: the register's default language."""

    title = c.Optional(c.Type(str))
    """The register title on the home page. Default: ``title`` in ``register.yaml``."""

    docs_language = c.Optional(c.Type(str))
    """The language the hand-written pages in ``docs/`` are written in. On a page of another language's tree their
    content is marked with it (``lang``), so that screen readers read it in the right voice. Default: the register's
    default language."""
