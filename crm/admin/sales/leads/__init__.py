"""Leads on screen: list, record page, status path, conversion, lead-source report."""
