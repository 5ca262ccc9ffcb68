"""The phone channel (I5): call events from a telephony system (docs/decisions/0033-phone.md)."""
