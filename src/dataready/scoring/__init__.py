"""Findings → scores, readiness levels, the checklist, the remediation plan and the gate's decision."""
