"""ydata-profiling deep profiles (profile.py, the only ydata import) and their alerts as findings."""
