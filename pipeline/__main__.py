"""`python -m jixiao VERB ...` is the `jixiao` command."""
import sys

from .cli import main

sys.exit(main())
