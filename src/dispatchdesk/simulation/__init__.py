"""What-if simulator (docs/features.md, D10): replay a workload through the real dispatch engine.

The package never touches the database. `workload` reads the file and keeps each ticket's
hidden `truth` apart from what the dispatcher sees; `physics` is the only reader of it.
"""
