"""The ``komunitas`` command: Django's management commands plus the project's own
(``serve``, ``demo``, ``import_schools``, ...)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
