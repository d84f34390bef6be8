"""The entry points: each resolves what to read, runs the stages in order and returns typed results."""
