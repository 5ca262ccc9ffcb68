# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk generate-workload`: the hyphenated spelling of `generate_workload`."""

from dispatchdesk.simulation.management.commands.generate_workload import Command

__all__ = ["Command"]
