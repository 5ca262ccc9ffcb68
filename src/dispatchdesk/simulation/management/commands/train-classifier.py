# ruff: noqa: N999 - the command is spelled with a hyphen, like the rest of the CLI docs
"""`dispatchdesk train-classifier`: learn text -> skill (the command lives in ..classifier_command)."""

from dispatchdesk.simulation.management.classifier_command import Command

__all__ = ["Command"]
