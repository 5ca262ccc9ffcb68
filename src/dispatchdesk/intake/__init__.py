"""The front door (docs/decisions/0012-layers.md): every ticket, from every channel, enters here.

`services.ticket_submit` records, routes, dispatches and confirms; channels (the portal's form,
the REST API, the agents' quick create, and email, chat, phone and alerts to come) only turn
their input into its arguments. CONTRIBUTING.md has the recipe for adding a channel.
"""
