"""Stage 4, render: the model -> Markdown pages from Jinja templates a city can override.

``layout`` says where each page lives and how pages link to each other;
``contexts`` prepares plain data views for the templates; ``render`` runs the
templates; ``csp`` adds the Content-Security-Policy. ``templates/`` and
``assets/`` hold the pages' markup, stylesheet and script. It may import
``core``, ``load``, ``model``, ``crosswalk`` and ``publish``, never MkDocs.
"""
