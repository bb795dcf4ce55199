"""Settings: users, API tokens and the all-files list."""
