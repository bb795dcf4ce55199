"""Retainer contracts on screen: record page, line items, Generate Contract, payments."""
