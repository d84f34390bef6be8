"""Knowledge about values that is not a check: cadences, text statistics, placeholder tokens."""
