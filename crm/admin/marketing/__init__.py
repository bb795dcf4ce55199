"""Marketing: campaigns, their members and web-to-lead keys."""
