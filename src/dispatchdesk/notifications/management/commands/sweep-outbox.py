# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk sweep-outbox`: the hyphenated spelling of `sweep_outbox`."""

from dispatchdesk.notifications.management.commands.sweep_outbox import Command

__all__ = ["Command"]
