"""Stage 2, check: loaded files -> located problems in plain words, with how to fix each.

``validate`` checks one file (the JSON Schema plus content rules), ``messages``
turns schema errors into plain-language messages, ``checks`` holds the rules
that need more than one file (unique ids, departments that exist).
It may import ``core`` and ``load``.
"""
