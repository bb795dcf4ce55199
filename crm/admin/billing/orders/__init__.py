"""Orders on screen: list, record page, Generate Order."""
