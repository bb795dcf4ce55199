"""Invoices on screen: list, record page, Issue / Void / Send Invoice, print page and PDF."""
