# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk import-contacts`: the hyphenated spelling of `import_contacts`."""

from dispatchdesk.customers.management.commands.import_contacts import Command

__all__ = ["Command"]
