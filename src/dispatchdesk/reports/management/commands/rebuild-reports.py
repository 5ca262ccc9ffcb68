# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk rebuild-reports`: the hyphenated spelling of `rebuild_reports`."""

from dispatchdesk.reports.management.commands.rebuild_reports import Command

__all__ = ["Command"]
