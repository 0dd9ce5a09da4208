"""Stage 3, model: checked data -> the register as objects that templates and exports read.

``objects`` defines ``Register``, ``Department``, ``System`` and ``Registry``;
``registry`` is the loading pipeline (load -> check -> model) behind every
command; ``review`` finds overdue reviews; ``richtext`` turns record text into
safe HTML. It may import ``core``, ``load`` and ``check``.
"""
