"""The MkDocs adapter: feeds the engine's generated pages to MkDocs (see ``plugin.py``)."""
