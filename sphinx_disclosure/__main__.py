"""``python -m sphinx_disclosure check ...``"""

import sys

from .cli import main

sys.exit(main())
