"""Ownership: a named owner and steward with a working contact, and a declared refresh cadence."""

from __future__ import annotations

import re
from typing import ClassVar

from dataready.checks.base import Check
from dataready.model import Basis, Dimension, Finding, Measurement, Severity

_CONTACT = re.compile(
    r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$"  # e-mail
    r"|^(https?|mailto|slack|msteams)://\S+$"  # link to a channel or page
    r"|^[#@][\w.-]{2,}$"  # chat channel or handle
    r"|^\+?[\d ()-]{7,}$",  # phone
    re.I,
)


def plausible_contact(contact: str) -> bool:
    return bool(_CONTACT.match(contact.strip()))


class OwnershipDeclared(Check):
    name: ClassVar[str] = "ownership"
    dimension: ClassVar[Dimension] = Dimension.OWNERSHIP

    def applies(self, m: Measurement) -> bool:
        # A source that declares nothing is listed once in the project's findings instead.
        return m.source.declares_governance

    def run(self, m: Measurement) -> list[Finding]:
        s = m.source
        where = f"for {s.name} in dataready.yml"
        out = []

        def add(severity: Severity, message: str, action: str) -> None:
            out.append(
                self.finding(m, severity, message, basis=Basis.METADATA, action=action, effort="S")
            )

        if not s.owner:
            add(
                Severity.ERROR,
                "no owner declared",
                f"Name the accountable owner (a person or team) as 'owner' {where}",
            )
        if not s.contact:
            add(
                Severity.WARNING,
                "no contact declared",
                f"Add a 'contact' (e-mail or channel) {where}",
            )
        elif not plausible_contact(s.contact):
            add(
                Severity.WARNING,
                f"the contact {s.contact!r} is not an e-mail address, link, channel or phone number",
                f"Replace 'contact' {where} with an address people can reach",
            )
        if not s.steward:
            add(
                Severity.INFO,
                "no steward declared",
                f"Name the data steward who answers day-to-day questions as 'steward' {where}",
            )
        if not s.refresh:
            add(
                Severity.WARNING,
                "no refresh cadence declared",
                f"Declare 'refresh' (e.g. daily, weekly, static) {where}",
            )
        return out


CHECKS = (OwnershipDeclared(),)
