"""Billing: orders, payments, retainer contracts and assets."""
