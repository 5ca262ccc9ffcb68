"""One module (or package) per channel: it turns what arrives into ticket_submit's arguments.

CONTRIBUTING.md ("Adding a channel") says how to add one.
"""
