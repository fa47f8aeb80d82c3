"""The `newsdesk` command: Django's management commands with newsdesk's own in front.

`newsdesk serve`, `newsdesk demo` and every other management command
(`migrate`, `createsuperuser`, ...) go through here. Configuration errors end
the command with their one-line message instead of a traceback.
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"newsdesk: configuration error: {exc}\n")
        return 2

    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
