"""Personal data detection.

- ``validators``: checksums and issuing rules (Luhn, mod 97, NINO, SSN, postcode areas, dates);
- ``phones``: phone numbers against each country's numbering plan (``phonenumbers``);
- ``detectors``: one detector per kind, a cheap regex for candidates and validation for look-alikes;
- ``scan``: runs detectors over one text or a whole column at once;
- ``names``: person-name columns from column names and value shapes;
- ``classify``: per-column classification (kinds, share, confidence) of a measurement's sample.

Nothing here is imported until a check or the masking layer needs it.
"""
