"""SLA policies, business-hours calendars, due times and breaches (PRODUCT.md S1-S5)."""
