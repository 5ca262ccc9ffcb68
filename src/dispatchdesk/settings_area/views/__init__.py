"""The settings area's pages (issue 11): what managers change weekly, in the product's own style.

Each view parses a form, calls one service and redirects (PRG) with a message; a refusal
re-renders the form with the service's sentence beside the field it concerns, and changes nothing.
"""
