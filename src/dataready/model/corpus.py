"""How a folder of documents is described as a table: the extraction notes the documents connector
writes and the grounding checks read."""

UNREADABLE = "unreadable: "
"""Prefix of the extraction notes of documents whose text could not be extracted."""
NOT_UTF8 = "not UTF-8: "
"""Prefix of the extraction notes of text files in a legacy encoding (decoded, but fragile)."""
