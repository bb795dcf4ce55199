"""Settings: users, API tokens, the all-files list and the Outbox."""
