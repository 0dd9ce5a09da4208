"""Stage 5, publish: the model -> open data and reports for auditors.

``opendata`` writes JSON, CSV, per-record files, linked data, the feed and
checksums; ``readiness`` measures what records still lack. It may import
``core``, ``load``, ``model`` and ``crosswalk``.
"""
