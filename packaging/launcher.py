"""The frozen app's entry script: the same `main` as the `ijref` command."""

import sys

from ijref.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
