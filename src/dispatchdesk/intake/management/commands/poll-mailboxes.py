# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk poll-mailboxes`: the hyphenated spelling of `poll_mailboxes`."""

from dispatchdesk.intake.management.commands.poll_mailboxes import Command

__all__ = ["Command"]
