# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk import-tickets`: the hyphenated spelling of `import_tickets`."""

from dispatchdesk.transfer.management.commands.import_tickets import Command

__all__ = ["Command"]
