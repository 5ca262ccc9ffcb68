"""The demo company (a small support organisation with a month of history) and the `demo` / `worker` commands."""
