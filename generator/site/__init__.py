"""Stage 4, render: the model -> Markdown pages from Jinja templates a city can override.

``contexts`` prepares plain data views for the templates; ``render`` runs the
templates; ``csp`` adds the Content-Security-Policy. Where each page lives and
its address come from ``core.layout``. ``templates/`` and ``assets/`` hold the
pages' markup, stylesheet and script. It may import
``core``, ``load``, ``model``, ``crosswalk`` and ``publish``, never MkDocs.
"""
