"""Settings: users, API tokens, company information and the all-files list."""
