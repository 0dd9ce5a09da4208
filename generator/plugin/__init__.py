"""The MkDocs adapter: hands the build (``build.build_register``) to MkDocs (see ``plugin.py``).

It may import every stage except ``authoring`` and ``cli``; it is the only
subpackage that imports MkDocs.
"""
