"""The SPEC §10 benchmark: a seeded data set (``seed``) and the pages timed on it (``pages``).

Later issues extend it by appending a step to ``seed.STEPS`` and pages to ``pages.PAGES``."""
