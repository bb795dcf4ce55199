"""Quotes on screen: record page, quote lines, Create Quote and the quote cards."""
