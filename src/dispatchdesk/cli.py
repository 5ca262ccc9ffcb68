"""The `dispatchdesk` console command: Django's management commands with our settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the env is set

    execute_from_command_line(sys.argv)
