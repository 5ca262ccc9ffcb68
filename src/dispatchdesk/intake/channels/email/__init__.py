"""Email in (I2): mailboxes polled over IMAP, each new email a ticket or a reply on one (decision 0023)."""
