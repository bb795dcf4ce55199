"""Sales: leads, accounts, contacts, opportunities (lines, roles), quotes and products."""
