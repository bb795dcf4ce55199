"""Opportunities on screen: record page, products and contact roles."""
