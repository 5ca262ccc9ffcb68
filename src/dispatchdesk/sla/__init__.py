"""SLA policies, business-hours calendars, due times and breaches (docs/features.md S1-S5)."""
