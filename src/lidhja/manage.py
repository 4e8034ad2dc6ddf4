"""The `lidhja` console command: Django's manage.py for this project."""

import os
import sys

# Command names with a hyphen, for commands whose module name cannot have one.
ALIASES = {"demo-data": "demo_data"}


def resolve_aliases(argv: list[str]) -> list[str]:
    """`lidhja demo-data …` (and `lidhja help demo-data`) run the `demo_data` command."""
    argv = list(argv)
    position = 2 if len(argv) > 2 and argv[1] == "help" else 1
    if len(argv) > position:
        argv[position] = ALIASES.get(argv[position], argv[position])
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lidhja.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(resolve_aliases(sys.argv))


if __name__ == "__main__":
    main()
