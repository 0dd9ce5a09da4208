"""Stage 1, load: register files on disk -> plain data with the position of every value.

``discover`` finds the register root and its files, ``yamlload`` reads YAML
strictly (no anchors, tags or duplicate keys) and remembers line and column,
``history`` reads every record's change history from git in one pass.
It may import ``core`` only.
"""
