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

FIRST = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Emma",
    "Felix",
    "Grace",
    "Hugo",
    "Isla",
    "Jack",
    "Katie",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Peter",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Will",
    "Zoe",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Walker",
    "Evans",
    "Thomas",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Clarke",
    "Hughes",
    "Lewis",
]
COUNTRIES = ["United Kingdom", "Germany", "France", "Spain", "Ireland", "Netherlands"]
SEGMENTS = ["consumer", "small business", "enterprise"]
LABELS = ["billing", "delivery", "returns", "account", "technical"]
PHRASINGS = {
    "billing": (
        "I was charged twice for my order",
        "There is a payment on my card I do not recognise",
        "My refund has not reached my card",
    ),
    "delivery": (
        "My parcel has not arrived yet",
        "The tracking link shows no update for days",
        "The courier left my parcel at the wrong address",
    ),
    "returns": (
        "How do I return a damaged item",
        "I want to send back a jacket that does not fit",
        "The returns label will not print",
    ),
    "account": (
        "I cannot log in to my account",
        "The password reset e-mail never arrives",
        "I want to change the e-mail address on my account",
    ),
    "technical": (
        "The app crashes when I open my orders",
        "The checkout page keeps loading forever",
        "The website shows an error when I add items to the basket",
    ),
}
TEAMS = {
    "billing": "Payments",
    "delivery": "Logistics",
    "returns": "Returns desk",
    "account": "Identity",
    "technical": "App support",
}
"""The team that resolved a ticket: filled in after the outcome, so it leaks the topic label."""

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
    label: label          # the topic the router learns to predict
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
    chunk_tokens: 512     # the chunk size of the retrieval pipeline
    languages: [en]       # the assistant answers in English
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
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "customer_id"},
            "meta": {},
        },
        {
            "type": "expect_column_values_to_be_unique",
            "kwargs": {"column": "customer_id"},
            "meta": {},
        },
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "email", "mostly": 0.98},
            "meta": {},
        },
        {
            "type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": "country", "value_set": COUNTRIES},
            "meta": {},
        },
        {
            "type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": "segment", "value_set": SEGMENTS},
            "meta": {},
        },
    ],
    "meta": {"notes": "Starter suite for the demo's CRM customers."},
}


def _article(title: str, body: str, url: str | None = None) -> str:
    head = f"---\ntitle: {title}\n" + (f"url: {url}\n" if url else "") + "---\n"
    return f"{head}# {title}\n\n{body}\n"


KB_URL = "https://help.example.com/articles/"
RETURNS = (
    "You can return any item within 30 days of delivery, for any reason. Start a return from Your orders, "
    "choose the items and print the prepaid label; drop the parcel at any post office.\n\n"
    "Damaged or faulty items are refunded in full, including the original delivery charge. Refunds reach "
    "your original payment method within five working days of the parcel arriving at our warehouse."
)
DELIVERY = (
    "Standard delivery takes 2-4 working days and is free on orders over 40 pounds. Express delivery "
    "arrives the next working day when you order before 8pm, and costs 6.99.\n\n"
    "You can follow every parcel from Your orders; the tracking link appears as soon as the courier collects it. "
    "If a parcel is late by more than two working days, contact us and we will send a replacement or refund it."
)
ARTICLES = {
    "returns-policy.md": _article("Returns policy", RETURNS, KB_URL + "returns-policy"),
    "delivery-times.md": _article("Delivery times", DELIVERY, KB_URL + "delivery-times"),
    "reset-password.md": _article(
        "Reset your password",
        (
            "Use Forgot password on the sign-in page and enter the e-mail address of your account. We send a "
            "link that is valid for one hour; open it on the same device and choose a new password of at least "
            "ten characters.\n\nIf the e-mail does not arrive within a few minutes, check your spam folder, then "
            "ask for a new link. Old links stop working as soon as a new one is sent."
        ),
        KB_URL + "reset-password",
    ),
    "billing-double-charge.md": _article(
        "Charged twice?",
        (
            "A pending authorisation can look like a second charge on your statement. Your bank places a hold "
            "when you order and releases it when we take the payment, which can take up to five working days.\n\n"
            "If both charges are still there after five days, send us the last four digits of the card and the "
            "order number and we will investigate with the payment provider."
        ),
        KB_URL + "billing-double-charge",
    ),
    "app-crashes.md": _article(
        "The app crashes",
        (
            "Most crashes are fixed by updating the app to the latest version from your app store. If it still "
            "crashes, clear the app cache in your phone settings, restart the phone and sign in again.\n\n"
            "Tell us the model of your phone and the version of the app if the problem continues, so that our "
            "engineers can reproduce it."
        ),
        KB_URL + "app-crashes",
    ),
    "loyalty-points.md": _article(
        "Loyalty points",
        (
            "You earn one point for every pound you spend. Points are added to your account 14 days after "
            "delivery, once the return period is over, and expire after two years without a purchase.\n\n"
            "Redeem points at checkout in steps of 100 points; every 100 points take one pound off your order."
        ),
        KB_URL + "loyalty-points",
    ),
    "gift-cards.md": _article(
        "Gift cards",
        (
            "Gift cards are valid for 24 months from the day they are bought and can be combined with any "
            "payment method. Enter the 16-digit code at checkout; any balance stays on the card for next time.\n\n"
            "Lost gift cards can be replaced if you still have the order confirmation that came with them."
        ),
        KB_URL + "gift-cards",
    ),
    "payment-methods.md": _article(
        "Payment methods",
        (
            # Exported once through the wrong encoding: UTF-8 read as Windows-1252 ("mojibake").
            "Weâ€™re happy to accept Visa, Mastercard, American Express, PayPal and Apple Pay. Youâ€™ll see "
            "the total in pounds before you pay; cards issued abroad may add a fee from your bank.\n\n"
            "We never store your full card number. Payments are processed by our payment provider, which is "
            "certified to the PCI DSS standard."
        ),
        KB_URL + "payment-methods",
    ),
    "contact-us.html": (
        '<html lang="en"><head><title>Contact us</title>'
        f'<link rel="canonical" href="{KB_URL}contact-us"></head><body><h1>Contact us</h1>'
        "<p>Chat with us from 8am to 8pm, seven days a week, or call the customer service line. Our team "
        "answers most questions about orders, deliveries, returns and refunds straight away.</p>"
        "<p>For complaints, write to our customer relations manager Sarah Whitfield at "
        "sarah.whitfield@example.com or call her on +44 7700 900461; she replies within two working days.</p>"
        "</body></html>"
    ),
    "rueckgabe.md": _article(
        "Rückgabe",
        (
            "Sie können jeden Artikel innerhalb von 30 Tagen nach der Lieferung zurückgeben. Starten Sie die "
            "Rücksendung unter Ihre Bestellungen und drucken Sie das Etikett aus; beschädigte Artikel werden "
            "vollständig erstattet, und die Erstattung ist in fünf Werktagen auf Ihrem Konto."
        ),
        KB_URL + "rueckgabe",
    ),
    "opening-hours.md": "# Opening hours\n\nOur shops open 9am to 6pm.\n",
    "cookie-notice.html": (
        "<html><head><title>Cookies</title></head><body><nav>Home | Shop | Help | Contact us</nav>"
        "<p>We use cookies to improve your experience.</p><p>Accept all cookies</p><p>Cookie settings</p>"
        "<footer><p>© 2024 Example Retail Ltd. All rights reserved.</p><p>Privacy policy</p>"
        "<p>Terms of use</p></footer></body></html>"
    ),
    # Copies, an older version and empty pages, as real help centres have them.
    "returns-policy-copy.md": _article("Returns policy", RETURNS),
    "delivery-times-old.md": _article(
        "Delivery times",
        DELIVERY.replace("2-4 working days", "3-5 working days").replace(
            "before 8pm", "before 6pm"
        ),
    ),
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
        conn.execute(
            "CREATE TABLE customers (customer_id INTEGER, full_name TEXT, email TEXT, phone TEXT, "
            "country TEXT, segment TEXT, created_at TIMESTAMP, updated_at TIMESTAMP)"
        )
        conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?)", customers)
        conn.execute(
            "CREATE TABLE tickets (ticket_id INTEGER, customer_id INTEGER, created_at TIMESTAMP, "
            "channel TEXT, subject TEXT, body TEXT, label TEXT, resolved_by TEXT)"
        )
        conn.executemany(
            "INSERT INTO tickets VALUES (?,?,?,?,?,?,?,?)", _tickets(rng, now, len(customers))
        )
        conn.execute(
            "CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, quantity INTEGER, "
            "amount REAL, status TEXT, ordered_at TIMESTAMP)"
        )
        conn.executemany(
            "INSERT INTO orders VALUES (?,?,?,?,?,?)", _orders(rng, now, len(customers))
        )
    conn.close()

    _write_export(root / "data" / "crm_export.csv", customers, rng)
    for name, text in ARTICLES.items():
        path = kb / name
        path.write_text(text, encoding="utf-8")
        age = STALE.get(name, rng.randint(1, 20))
        stamp = (dt.datetime.now() - dt.timedelta(days=age)).timestamp()
        os.utime(path, (stamp, stamp))
    (root / "expectations" / "crm.customers.json").write_text(
        json.dumps(SUITE, indent=2) + "\n", encoding="utf-8"
    )
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
        updated = min(
            now - dt.timedelta(hours=rng.randint(1, 20)),
            created + dt.timedelta(days=rng.randint(0, 900)),
        )
        phone = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        if i % 40 == 0:
            email = "N/A"  # a placeholder typed into a required form field
        elif i % 29 == 0:
            email = None
        if i % 55 == 0:
            country = country.upper()
        elif i % 61 == 0:
            country = country.lower() + " "
        rows.append(
            (
                i,
                f"{first} {last}",
                email,
                phone,
                country,
                rng.choice(SEGMENTS),
                created.isoformat(sep=" "),
                updated.isoformat(sep=" "),
            )
        )
    # A re-run of the nightly load appended 24 customers a second time.
    rows.extend(rows[100:124])
    return rows


def _tickets(rng: random.Random, now: dt.datetime, customers: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    newest = now - dt.timedelta(days=9)  # the ticket export stopped nine days ago
    wording = random.Random(4711)  # a second stream, so the other tables stay as they were
    for i in range(1, 3001):
        topic = rng.choices(LABELS, weights=[30, 30, 20, 15, 5])[0]
        label: str | None = topic
        phrase = wording.choice(PHRASINGS[topic])
        order = rng.randint(10**7, 10**8 - 1)
        subject = f"{phrase} (order {order})" if wording.random() < 0.7 else phrase
        body = f"Hello, {phrase.lower()}. My order number is {order}. Could you please look into it? Thanks"
        if i % 33 == 0:
            label = None
        elif i % 47 == 0:
            label = topic.title()  # typed by hand instead of picked from the list
        elif i % 89 == 0:
            label = LABELS[(LABELS.index(topic) + 1) % len(LABELS)]  # a second annotator disagreed
        created = newest - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        rows.append(
            (
                i,
                rng.randint(1, customers),
                created.isoformat(sep=" "),
                rng.choice(["email", "chat", "phone"]),
                subject,
                body,
                label,
                TEAMS[topic],
            )
        )
    return rows


def _orders(rng: random.Random, now: dt.datetime, customers: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(1, 5001):
        quantity = rng.randint(1, 5) if i % 120 else -rng.randint(1, 3)
        ordered = now - dt.timedelta(minutes=rng.randint(5, 60 * 24 * 180))
        if i % 400 == 0:
            ordered = ordered.replace(year=ordered.year + 1)  # the year typed wrong at entry
        status = rng.choice(["paid", "shipped", "delivered", "refunded"])
        rows.append(
            (
                i,
                rng.randint(1, customers),
                quantity,
                round(rng.uniform(5, 400), 2),
                status,
                ordered.isoformat(sep=" "),
            )
        )
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
