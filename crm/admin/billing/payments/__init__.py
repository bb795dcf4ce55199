"""Payments on screen: list, record page, Log Payment form, filters."""
