"""``python -m generator`` runs the ``airegister`` command line."""
import sys

from .cli import main

sys.exit(main())
