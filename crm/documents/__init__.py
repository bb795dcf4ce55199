"""Client documents — quotes and invoices — as PDF (fpdf2) on the agency's letterhead.

``model.Document`` says what a document shows (already worded for the reader); ``pdf`` draws
any Document the same way as the print pages lay it out; ``quotes`` (and ``invoices``) turn a
record into a Document. Below the services (which attach the PDFs to emails) and the admin
(which offers them for download): this package reads models and selectors only."""
