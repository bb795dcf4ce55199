"""Settings: users, API tokens, company information, the all-files list and the Outbox."""
