"""`python -m ijref` runs the same entry point as the `ijref` command."""

import sys

from ijref.cli.main import main

sys.exit(main())
