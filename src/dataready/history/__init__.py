"""The history of audits: a store of recorded runs (SQLite by default, any SQLAlchemy database),
their hash chain, and drift between one run of a source and the previous one.

It knows measurements, findings and scorecards (the model) and personal-data rules (pii); it never
opens a source and is never one.
"""
