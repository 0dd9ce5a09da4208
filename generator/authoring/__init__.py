"""Helping city staff write records: the scaffold, interactive questions, the issue form and new registers.

``scaffold`` writes a new record file from the schema, ``interactive`` asks the
required questions, ``issueform`` writes the GitHub issue form and reads a
submitted one back, ``project`` makes a new register (``airegister init``) from
``templates/``. It may import ``core``, ``load``, ``check`` and ``model``.
"""
