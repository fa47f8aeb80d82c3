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
        if argv[:1] == ["serve"]:
            return serve(argv)
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"newsdesk: configuration error: {exc}\n")
        return 2

    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk", *argv])
    return 0


def serve(argv):
    """`newsdesk serve` without loading the apps first.

    The command only replaces itself with granian, whose workers load Django:
    loading every app here as well would add a second or more to each start.
    Reading the settings still stops a misconfigured start with its one line.
    """
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018  (reads and validates the environment)
    from newsdesk.management.commands.serve import Command

    Command().run_from_argv(["newsdesk", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
