# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk export-workload`: the hyphenated spelling of `export_workload` (as `train-classifier`)."""

from dispatchdesk.simulation.management.commands.export_workload import Command

__all__ = ["Command"]
