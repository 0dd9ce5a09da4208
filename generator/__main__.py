"""``python -m generator`` runs the ``airegister`` command line."""
import sys

from generator.cli import main

sys.exit(main())
