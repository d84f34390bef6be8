"""The bundled demo: a customer-support assistant pilot whose data is partly ready.

Everything is generated from a fixed seed, so the picture is the same on every machine; only
timestamps are placed relative to today, so that "fresh" and "stale" stay true over time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
from pathlib import Path

FIRST = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jack", "Katie", "Liam",
         "Maya", "Noah", "Olivia", "Peter", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Zoe"]  # fmt: skip
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright",
        "Walker", "Evans", "Thomas", "Roberts", "Green", "Hall", "Wood", "Clarke", "Hughes", "Lewis"]  # fmt: skip
COUNTRIES = ["United Kingdom", "Germany", "France", "Spain", "Ireland", "Netherlands"]
SEGMENTS = ["consumer", "small business", "enterprise"]
LABELS = ["billing", "delivery", "returns", "account", "technical"]
SUBJECTS = {
    "billing": "I was charged twice for my order",
    "delivery": "My parcel has not arrived yet",
    "returns": "How do I return a damaged item",
    "account": "I cannot log in to my account",
    "technical": "The app crashes when I open my orders",
}

PROJECT_YAML = """\
# dataready demo: the data behind a customer-support assistant pilot.
version: 1
use_case:
  name: Customer-support assistant
  purpose: Answer customer questions from the knowledge base and route tickets by topic.

defaults:
  sample_size: 100000
  seed: 42

thresholds:
  ready: 80            # a source scoring at least this, with no error finding, is ready
  not_ready_below: 60  # below this it is not ready
  dimension_pass: 80   # the quality checklist item needs every quality dimension at least here

sources:
  - name: crm.customers
    location: sqlite:///data/warehouse.db
    table: customers
    purpose: features
    description: Customer master data from the CRM.
    system_of_record: true
    key: [customer_id]
    timestamp: updated_at
    owner: CRM Platform Team
    steward: Priya Shah
    contact: crm-data@example.com
    refresh: daily
    sensitivity: personal

  - name: support.tickets
    location: sqlite:///data/warehouse.db
    table: tickets
    purpose: training
    description: Support tickets with their topic label; trains the ticket router.
    system_of_record: true
    key: [ticket_id]
    timestamp: created_at
    owner: Support Operations
    contact: "#support-data"
    refresh: daily

  - name: sales.orders
    location: sqlite:///data/warehouse.db
    table: orders
    purpose: features
    key: [order_id]
    refresh: hourly
    # no owner, no description: nobody has claimed this table yet

  - name: marketing.customer_export
    location: data/crm_export.csv
    purpose: reference
    description: Weekly CSV export of customers from the marketing system.
    system_of_record: false
    owner: Marketing Ops
    contact: marketing-ops
    refresh: weekly

  - name: kb.articles
    location: knowledge_base
    purpose: retrieval
    description: Help-centre articles the assistant cites in its answers.
    system_of_record: true
    owner: Customer Education
    steward: Tom Baker
    contact: kb@example.com
    refresh: monthly
"""

SUITE = {
    "name": "crm.customers",
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "customer_id"}, "meta": {}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "customer_id"}, "meta": {}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "email", "mostly": 0.98}, "meta": {}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "country", "value_set": COUNTRIES}, "meta": {}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "segment", "value_set": SEGMENTS}, "meta": {}},
    ],
    "meta": {"notes": "Starter suite for the demo's CRM customers."},
}

ARTICLES = {
    "returns-policy.md": "# Returns policy\n\nYou can return any item within 30 days of delivery. Damaged items are refunded in full.",
    "delivery-times.md": "# Delivery times\n\nStandard delivery takes 2-4 working days; express delivery arrives the next working day.",
    "reset-password.md": "# Reset your password\n\nUse 'Forgot password' on the sign-in page; the link is valid for one hour.",
    "billing-double-charge.md": "# Charged twice?\n\nA pending authorisation can look like a second charge. It disappears within 5 days.",
    "app-crashes.md": "# The app crashes\n\nUpdate to the latest version and clear the app cache; then sign in again.",
    "contact-us.html": "<html><body><h1>Contact us</h1><p>Chat with us from 8am to 8pm, seven days a week.</p></body></html>",
    "loyalty-points.md": "# Loyalty points\n\nPoints are added 14 days after delivery and expire after two years.",
    "gift-cards.md": "# Gift cards\n\nGift cards are valid for 24 months and can be used with any payment method.",
    # Copies and empty pages, as real help centres have them.
    "returns-policy-copy.md": "# Returns policy\n\nYou can return any item within 30 days of delivery. Damaged items are refunded in full.",
    "delivery-times-old.md": "# Delivery times\n\nStandard delivery takes 2-4 working days; express delivery arrives the next working day.",
    "draft-shipping-abroad.md": "",
    "todo.md": "   \n",
}
STALE = {"delivery-times-old.md": 400, "gift-cards.md": 200, "loyalty-points.md": 95}
"""Days since these articles were last edited; the rest were edited in the last three weeks."""


def write_demo(folder: str | os.PathLike[str]) -> Path:
    """Write the demo project into ``folder`` (replacing a previous demo) and return its dataready.yml."""
    root = Path(folder)
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "expectations").mkdir(exist_ok=True)
    kb = root / "knowledge_base"
    kb.mkdir(exist_ok=True)
    rng = random.Random(20261125)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)

    customers = _customers(rng, now)
    db = root / "data" / "warehouse.db"
    if db.exists():
        db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE customers (customer_id INTEGER, full_name TEXT, email TEXT, phone TEXT, "
                     "country TEXT, segment TEXT, created_at TIMESTAMP, updated_at TIMESTAMP)")  # fmt: skip
        conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?)", customers)
        conn.execute("CREATE TABLE tickets (ticket_id INTEGER, customer_id INTEGER, created_at TIMESTAMP, "
                     "channel TEXT, subject TEXT, body TEXT, label TEXT)")  # fmt: skip
        conn.executemany("INSERT INTO tickets VALUES (?,?,?,?,?,?,?)", _tickets(rng, now, len(customers)))
        conn.execute("CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, quantity INTEGER, "
                     "amount REAL, status TEXT, ordered_at TIMESTAMP)")  # fmt: skip
        conn.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?)", _orders(rng, now, len(customers)))
    conn.close()

    _write_export(root / "data" / "crm_export.csv", customers, rng)
    for name, text in ARTICLES.items():
        path = kb / name
        path.write_text(text, encoding="utf-8")
        age = STALE.get(name, rng.randint(1, 20))
        stamp = (dt.datetime.now() - dt.timedelta(days=age)).timestamp()
        os.utime(path, (stamp, stamp))
    (root / "expectations" / "crm.customers.json").write_text(json.dumps(SUITE, indent=2) + "\n", encoding="utf-8")
    project = root / "dataready.yml"
    project.write_text(PROJECT_YAML, encoding="utf-8")
    return project


def _customers(rng: random.Random, now: dt.datetime) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(1, 1801):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email: str | None = f"{first}.{last}{i}@example.com".lower()
        country = rng.choice(COUNTRIES)
        created = now - dt.timedelta(days=rng.randint(30, 1500), minutes=rng.randint(0, 1440))
        updated = min(now - dt.timedelta(hours=rng.randint(1, 20)), created + dt.timedelta(days=rng.randint(0, 900)))
        phone = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        if i % 40 == 0:
            email = "N/A"  # a placeholder typed into a required form field
        elif i % 29 == 0:
            email = None
        if i % 55 == 0:
            country = country.upper()
        elif i % 61 == 0:
            country = country.lower() + " "
        rows.append((i, f"{first} {last}", email, phone, country, rng.choice(SEGMENTS),
                     created.isoformat(sep=" "), updated.isoformat(sep=" ")))  # fmt: skip
    # A re-run of the nightly load appended 24 customers a second time.
    rows.extend(rows[100:124])
    return rows


def _tickets(rng: random.Random, now: dt.datetime, customers: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    newest = now - dt.timedelta(days=9)  # the ticket export stopped nine days ago
    for i in range(1, 3001):
        label: str | None = rng.choices(LABELS, weights=[30, 30, 20, 15, 5])[0]
        subject = SUBJECTS[label or "billing"]
        body = f"Hello, {subject.lower()}. My order number is {rng.randint(10**7, 10**8 - 1)}. Thanks"
        if i % 33 == 0:
            label = None
        elif i % 47 == 0:
            label = (label or "").title()
        created = newest - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        rows.append((i, rng.randint(1, customers), created.isoformat(sep=" "), rng.choice(["email", "chat", "phone"]),
                     subject, body, label))  # fmt: skip
    return rows


def _orders(rng: random.Random, now: dt.datetime, customers: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(1, 5001):
        quantity = rng.randint(1, 5) if i % 120 else -rng.randint(1, 3)
        ordered = now - dt.timedelta(minutes=rng.randint(5, 60 * 24 * 180))
        if i % 400 == 0:
            ordered = ordered.replace(year=ordered.year + 1)  # the year typed wrong at entry
        status = rng.choice(["paid", "shipped", "delivered", "refunded"])
        rows.append((i, rng.randint(1, customers), quantity, round(rng.uniform(5, 400), 2), status, ordered.isoformat(sep=" ")))
    rows.extend((order_id, c, q, a, s, o) for order_id, c, q, a, s, o in rows[2000:2015])
    return rows


def _write_export(path: Path, customers: list[tuple[object, ...]], rng: random.Random) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "email", "country", "signup_date"])
        for cid, name, email, _phone, country, _segment, created, _updated in customers[:1200]:
            day = dt.datetime.fromisoformat(str(created)).date()
            # The marketing system writes dates in whatever format the last integration used.
            signup = day.strftime("%d/%m/%Y") if int(str(cid)) % 9 == 0 else day.isoformat()
            writer.writerow([cid, name, email or "", country, signup])
