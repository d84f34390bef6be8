"""Great Expectations 1.x suites: files, running them (gx.py, the only GX import), findings, suggestions."""
