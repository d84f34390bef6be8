"""Connectors: one module per kind of source, all read-only, all reached through SQLAlchemy."""
