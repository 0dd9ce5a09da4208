"""Stage 6, build: one build of the register, the same for every way it is published.

``register`` holds ``build_register``, the one build path: load -> check ->
model -> pages -> open data (with the exports), with every choice made once
in ``BuildOptions`` (build time, history, site address, language, templates,
URL style). ``airegister render`` and the MkDocs plugin both call it; the
plugin only adapts the result to MkDocs. ``output`` writes a build to a folder.
It may import ``core``, ``load``, ``check``, ``model``, ``crosswalk``,
``publish`` and ``site``; ``cli`` and ``plugin`` import it.
"""
