"""`python -m enlace`: the same as the `enlace` command."""

from enlace.cli import main

main()
