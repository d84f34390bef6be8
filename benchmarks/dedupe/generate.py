"""A labelled person-records generator for de-duplication benchmarks.

Entities are people with a given name, surname, birth date, e-mail, phone and address. Some
people get duplicate records with realistic corruptions: typos (insertion, deletion, substitution,
transposition), swapped name parts, initials and nicknames, upper case and stray blanks, missing
fields, phones and birth dates written in other formats, birth-date typos and day/month swaps,
abbreviated street types, changed e-mail addresses and house moves.

Hard negatives are built in: surnames follow a Zipf law (many unrelated Smiths), households of two
to five people share surname, address, postcode and landline, some household members are twins
(same birth date too), and common given-name/surname pairs recur across the population.

    python3 benchmarks/dedupe/generate.py 100000 people.parquet

writes the records (with ``entity_id``, the truth) to Parquet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

GIVEN = [
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Edward",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Alexander",
    "Frank",
    "Patrick",
    "Raymond",
    "Jack",
    "Dennis",
    "Jerry",
    "Tyler",
    "Aaron",
    "Jose",
    "Adam",
    "Nathan",
    "Henry",
    "Douglas",
    "Zachary",
    "Peter",
    "Kyle",
    "Ethan",
    "Walter",
    "Noah",
    "Jeremy",
    "Christian",
    "Keith",
    "Roger",
    "Terry",
    "Gerald",
    "Harold",
    "Sean",
    "Austin",
    "Carl",
    "Arthur",
    "Lawrence",
    "Dylan",
    "Jesse",
    "Jordan",
    "Bryan",
    "Billy",
    "Joe",
    "Bruce",
    "Gabriel",
    "Logan",
    "Albert",
    "Willie",
    "Alan",
    "Juan",
    "Wayne",
    "Elijah",
    "Randy",
    "Roy",
    "Vincent",
    "Ralph",
    "Eugene",
    "Russell",
    "Bobby",
    "Mason",
    "Philip",
    "Louis",
    "Oliver",
    "Harry",
    "Leo",
    "Oscar",
    "Archie",
    "Theo",
    "Freddie",
    "Arlo",
    "Finley",
    "Alfie",
    "Rory",
    "Ewan",
    "Callum",
    "Declan",
    "Niall",
    "Cian",
    "Tadhg",
    "Lorcan",
    "Mohammed",
    "Omar",
    "Yusuf",
    "Ibrahim",
    "Arjun",
    "Rohan",
    "Vikram",
    "Ravi",
    "Sanjay",
    "Wei",
    "Jun",
    "Hiroshi",
    "Kenji",
    "Lukas",
    "Matteo",
    "Luca",
    "Mateo",
    "Hugo",
    "Felix",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Margaret",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Dorothy",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Shirley",
    "Anna",
    "Brenda",
    "Pamela",
    "Emma",
    "Nicole",
    "Helen",
    "Samantha",
    "Katherine",
    "Christine",
    "Debra",
    "Rachel",
    "Carolyn",
    "Janet",
    "Catherine",
    "Maria",
    "Heather",
    "Diane",
    "Ruth",
    "Julie",
    "Olivia",
    "Joyce",
    "Virginia",
    "Victoria",
    "Kelly",
    "Lauren",
    "Christina",
    "Joan",
    "Evelyn",
    "Judith",
    "Megan",
    "Andrea",
    "Cheryl",
    "Hannah",
    "Jacqueline",
    "Martha",
    "Gloria",
    "Teresa",
    "Ann",
    "Sara",
    "Madison",
    "Frances",
    "Kathryn",
    "Janice",
    "Jean",
    "Abigail",
    "Alice",
    "Julia",
    "Judy",
    "Sophia",
    "Grace",
    "Denise",
    "Amber",
    "Doris",
    "Marilyn",
    "Danielle",
    "Beverly",
    "Isabella",
    "Theresa",
    "Diana",
    "Natalie",
    "Brittany",
    "Charlotte",
    "Marie",
    "Kayla",
    "Alexis",
    "Lori",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Freya",
    "Lily",
    "Florence",
    "Poppy",
    "Aoife",
    "Niamh",
    "Siobhan",
    "Saoirse",
    "Fatima",
    "Aisha",
    "Priya",
    "Ananya",
    "Mei",
    "Yuki",
    "Sakura",
    "Elena",
    "Giulia",
    "Chiara",
    "Sofia",
    "Lucia",
    "Ines",
    "Clara",
    "Leonie",
]

SURNAMES = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vasquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "Moreno",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernandez",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzman",
    "Burns",
    "Crawford",
    "Olson",
    "Simpson",
    "Porter",
    "Hunter",
    "Gordon",
    "Mendez",
    "Silva",
    "Shaw",
    "Snyder",
    "Mason",
    "Dixon",
    "Munoz",
    "Hunt",
    "Hicks",
    "Holmes",
    "Palmer",
    "Wagner",
    "Black",
    "Robertson",
    "Boyd",
    "Rose",
    "Stone",
    "Salazar",
    "Fox",
    "Warren",
    "Mills",
    "Meyer",
    "Rice",
    "Schmidt",
    "Garza",
    "Daniels",
    "Ferguson",
    "Nichols",
    "Stephens",
    "Soto",
    "Weaver",
    "Ryan",
    "Gardner",
    "Payne",
    "Grant",
    "Dunn",
    "Kelley",
    "Spencer",
    "Hawkins",
    "Arnold",
    "Pierce",
    "Vazquez",
    "Hansen",
    "Peters",
    "Santos",
    "Hart",
    "Bradley",
    "Knight",
    "Elliott",
    "Cunningham",
    "Duncan",
    "Armstrong",
    "Hudson",
    "Carroll",
    "Lane",
    "Riley",
    "Andrews",
    "Alvarado",
    "Ray",
    "Delgado",
    "Berry",
    "Perkins",
    "Hoffman",
    "Johnston",
    "Matthews",
    "Pena",
    "Richards",
    "Contreras",
    "Willis",
    "Carpenter",
    "Lawrence",
    "Sandoval",
    "OBrien",
    "O'Connor",
    "McCarthy",
    "Byrne",
    "Doherty",
    "Gallagher",
    "Kowalski",
    "Nowak",
    "Wojcik",
    "Muller",
    "Schneider",
    "Fischer",
    "Weber",
    "Becker",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Dubois",
    "Lefebvre",
    "Moreau",
    "Laurent",
    "Tanaka",
    "Suzuki",
    "Watanabe",
    "Yamamoto",
    "Singh",
    "Kumar",
    "Sharma",
    "Gupta",
    "Shah",
    "Khan",
    "Ali",
    "Ahmed",
    "Hussain",
    "Begum",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Gao",
    "Luo",
]

SYLLABLES = [
    "ab",
    "ad",
    "al",
    "an",
    "ar",
    "as",
    "ber",
    "bor",
    "bran",
    "cal",
    "car",
    "cas",
    "dal",
    "den",
    "dor",
    "el",
    "en",
    "er",
    "fal",
    "fen",
    "gar",
    "gor",
    "hal",
    "han",
    "har",
    "ing",
    "kel",
    "ken",
    "lan",
    "lar",
    "ley",
    "lin",
    "lor",
    "mar",
    "mer",
    "mor",
    "nal",
    "nor",
    "or",
    "ral",
    "ran",
    "ren",
    "ric",
    "rin",
    "ros",
    "sel",
    "son",
    "stan",
    "stein",
    "ter",
    "ton",
    "tor",
    "val",
    "ven",
    "wal",
    "wen",
    "win",
    "worth",
    "wyn",
]

STREETS = [
    "High",
    "Church",
    "Station",
    "Victoria",
    "Green",
    "Manor",
    "Park",
    "Queen",
    "King",
    "Mill",
    "Kings",
    "School",
    "Grange",
    "Chapel",
    "Albert",
    "North",
    "South",
    "Springfield",
    "Windsor",
    "Richmond",
    "Highfield",
    "Alexandra",
    "New",
    "Broadway",
    "West",
    "Main",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "Elm",
    "Lake",
    "Hill",
    "Washington",
    "Lincoln",
    "Jackson",
    "Franklin",
    "Jefferson",
    "Sunset",
    "Meadow",
    "River",
    "Forest",
    "Willow",
    "Chestnut",
    "Orchard",
    "Bridge",
    "Castle",
    "Abbey",
    "Albion",
    "Ash",
    "Beech",
    "Birch",
    "Cherry",
    "Clifton",
    "Cromwell",
    "Dale",
    "Derby",
    "Devon",
    "Eastfield",
    "Fairfield",
    "Garden",
    "Hawthorn",
    "Heath",
    "Holly",
    "Ivy",
    "Kent",
    "Laurel",
    "Linden",
    "Lodge",
    "Marlborough",
    "Mount",
    "Nelson",
    "Newton",
    "Oxford",
    "Priory",
    "Rectory",
    "Regent",
    "Rose",
    "Stanley",
]
STREET_TYPES = (
    "Street",
    "Road",
    "Avenue",
    "Lane",
    "Drive",
    "Close",
    "Way",
    "Place",
    "Court",
    "Crescent",
    "Gardens",
    "Terrace",
)
ABBREVIATION = {
    "Street": "St",
    "Road": "Rd",
    "Avenue": "Ave",
    "Lane": "Ln",
    "Drive": "Dr",
    "Close": "Cl",
    "Place": "Pl",
    "Court": "Ct",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Terrace": "Ter",
    "Way": "Wy",
}
CITIES = [
    "London",
    "Birmingham",
    "Manchester",
    "Leeds",
    "Glasgow",
    "Sheffield",
    "Bradford",
    "Liverpool",
    "Edinburgh",
    "Bristol",
    "Cardiff",
    "Leicester",
    "Coventry",
    "Nottingham",
    "Newcastle",
    "Belfast",
    "Brighton",
    "Hull",
    "Plymouth",
    "Stoke",
    "Wolverhampton",
    "Derby",
    "Swansea",
    "Southampton",
    "Salford",
    "Aberdeen",
    "Westminster",
    "Portsmouth",
    "York",
    "Peterborough",
    "Dundee",
    "Lancaster",
    "Oxford",
    "Newport",
    "Preston",
    "Cambridge",
    "Norwich",
    "Chester",
    "Exeter",
    "Bath",
    "Durham",
    "Inverness",
    "Stirling",
    "Lincoln",
    "Worcester",
    "Carlisle",
    "Truro",
    "Wells",
    "Ripon",
    "Ely",
]
DOMAINS = (
    "gmail.com",
    "yahoo.co.uk",
    "outlook.com",
    "hotmail.co.uk",
    "icloud.com",
    "btinternet.com",
    "proton.me",
    "aol.com",
)
NICKNAMES = {
    "Robert": "Bob",
    "William": "Bill",
    "James": "Jim",
    "Michael": "Mike",
    "Richard": "Rick",
    "Thomas": "Tom",
    "Charles": "Charlie",
    "Joseph": "Joe",
    "Daniel": "Dan",
    "David": "Dave",
    "Edward": "Ed",
    "Anthony": "Tony",
    "Christopher": "Chris",
    "Matthew": "Matt",
    "Andrew": "Andy",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Margaret": "Maggie",
    "Jennifer": "Jenny",
    "Rebecca": "Becky",
    "Susan": "Sue",
    "Samantha": "Sam",
    "Jessica": "Jess",
    "Abigail": "Abby",
    "Alexander": "Alex",
    "Benjamin": "Ben",
    "Samuel": "Sam",
    "Jonathan": "Jon",
    "Peter": "Pete",
    "Stephen": "Steve",
    "Timothy": "Tim",
    "Patrick": "Pat",
    "Nicholas": "Nick",
    "Victoria": "Vicky",
    "Deborah": "Debbie",
    "Patricia": "Trish",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KEYBOARD = "abcdefghijklmnopqrstuvwxyz"


def _zipf_weights(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _made_up_surnames(rng: np.random.Generator, count: int) -> list[str]:
    out = set()
    while len(out) < count:
        parts = rng.choice(SYLLABLES, size=rng.integers(2, 4))
        out.add("".join(parts).capitalize())
    return sorted(out)


def people(n_entities: int, rng: np.random.Generator) -> pd.DataFrame:
    """Distinct people, households included."""
    tail = _made_up_surnames(rng, 6000)
    surname_pool = np.array(SURNAMES + tail, dtype=object)
    # Real surnames carry most of the mass (Zipf); the invented tail stands for the long tail of rare names.
    weights = np.concatenate(
        [_zipf_weights(len(SURNAMES), 1.0) * 0.75, np.full(len(tail), 0.25 / len(tail))]
    )
    given_pool = np.array(GIVEN, dtype=object)
    given_weights = _zipf_weights(len(GIVEN), 0.7)

    given = rng.choice(given_pool, n_entities, p=given_weights)
    surname = rng.choice(surname_pool, n_entities, p=weights)
    dob = pd.Timestamp("1940-01-01") + pd.to_timedelta(
        rng.integers(0, 365 * 65, n_entities), unit="D"
    )
    number = rng.integers(1, 250, n_entities)
    street = rng.choice(np.array(STREETS, dtype=object), n_entities)
    stype = rng.choice(np.array(STREET_TYPES, dtype=object), n_entities)
    city_idx = rng.choice(len(CITIES), n_entities, p=_zipf_weights(len(CITIES), 1.0))
    phone = rng.integers(0, 10**9, n_entities)
    landline = np.zeros(n_entities, dtype=bool)

    # Households: runs of 2-5 consecutive people share surname, address, city and a landline.
    start = 0
    in_household = rng.random(n_entities) < 0.12
    while start < n_entities:
        size = int(rng.integers(2, 6))
        if in_household[start] and start + size <= n_entities:
            sl = slice(start + 1, start + size)
            # Members of one household have different given names (twins included).
            names = rng.choice(given_pool, size=size * 3, p=given_weights)
            given[start : start + size] = (
                list(dict.fromkeys(names))[:size] if len(set(names)) >= size else names[:size]
            )
            surname[sl], number[sl], street[sl], stype[sl], city_idx[sl] = (
                surname[start],
                number[start],
                street[start],
                stype[start],
                city_idx[start],
            )
            phone[start : start + size] = phone[start]
            landline[start : start + size] = True
            if rng.random() < 0.25:  # twins
                dob = dob.to_numpy().copy()
                dob[start + 1] = dob[start]
                dob = pd.DatetimeIndex(dob)
            start += size
        else:
            start += 1

    city = np.array(CITIES, dtype=object)[city_idx]
    area = rng.integers(1, 30, len(CITIES))
    postcode = [
        f"{c[:2].upper()}{area[ci]} {(h * 7 + len(s)) % 10}{KEYBOARD[(h + len(s)) % 26].upper()}{KEYBOARD[len(s) * 3 % 26].upper()}"
        for c, ci, h, s in zip(city, city_idx, number, street, strict=True)
    ]
    tag = rng.integers(1, 99, n_entities)
    style = rng.integers(0, 4, n_entities)
    domain = rng.choice(np.array(DOMAINS, dtype=object), n_entities)
    emails = []
    for g, s, t, st, d in zip(given, surname, tag, style, domain, strict=True):
        g2, s2 = g.lower(), s.lower().replace("'", "")
        local = (f"{g2}.{s2}{t}", f"{g2[0]}{s2}{t}", f"{s2}.{g2}{t}", f"{g2}{t}{s2[:3]}")[st]
        emails.append(f"{local}@{d}")
    phones = [
        f"01{p % 1000:03d} {p // 1000 % 1000000:06d}"
        if ll
        else f"07{p % 1000:03d} {p // 1000 % 1000000:06d}"
        for p, ll in zip(phone, landline, strict=True)
    ]
    return pd.DataFrame(
        {
            "first_name": given,
            "surname": surname,
            "dob": dob.strftime("%Y-%m-%d"),
            "email": emails,
            "phone": phones,
            "address": [f"{h} {s} {t}" for h, s, t in zip(number, street, stype, strict=True)],
            "city": city,
            "postcode": postcode,
        }
    )


def _typo(rng: np.random.Generator, text: str) -> str:
    if len(text) < 3:
        return text
    pos = int(rng.integers(0, len(text)))
    op = int(rng.integers(0, 4))
    ch = KEYBOARD[int(rng.integers(0, 26))]
    if op == 0:
        return text[:pos] + ch + text[pos:]
    if op == 1:
        return text[:pos] + text[pos + 1 :]
    if op == 2:
        return text[:pos] + ch + text[pos + 1 :]
    pos = min(pos, len(text) - 2)
    return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]


def _phone_format(rng: np.random.Generator, phone: str) -> str:
    digits = phone.replace(" ", "")
    form = int(rng.integers(0, 4))
    if form == 0:
        return "+44 " + digits[1:5] + " " + digits[5:]
    if form == 1:
        return digits
    if form == 2:
        return f"({digits[:5]}) {digits[5:8]}-{digits[8:]}"
    return "0044" + digits[1:]


def _dob_format(rng: np.random.Generator, iso: str) -> str:
    if iso.count("-") != 2:
        return iso
    y, m, d = iso.split("-")
    form = int(rng.integers(0, 3))
    if form == 0:
        return f"{d}/{m}/{y}"
    if form == 1:
        return f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    return f"{y}{m}{d}"


def _dob_typo(rng: np.random.Generator, iso: str) -> str:
    if iso.count("-") != 2:
        return iso  # already rewritten in another format
    y, m, d = iso.split("-")
    if int(d) <= 12 and d != m and rng.random() < 0.5:
        return f"{y}-{d}-{m}"  # day and month swapped
    digits = list(iso)
    pos = int(rng.choice([2, 3, 6, 8, 9]))
    original = digits[pos]
    while digits[pos] == original:
        digits[pos] = str(int(rng.integers(0, 10)))
    candidate = "".join(digits)
    try:
        pd.Timestamp(candidate)
        return candidate
    except ValueError:
        return iso


def corrupt(
    record: dict[str, object],
    rng: np.random.Generator,
    new_email: str,
    new_address: tuple[str, str, str],
) -> dict[str, object]:
    r = dict(record)
    kinds = rng.choice(16, size=int(rng.integers(1, 5)), replace=False, p=CORRUPTION_WEIGHTS)
    for k in kinds:
        if (k in (0, 3) and not r["first_name"]) or (k == 1 and not r["surname"]):
            continue
        if k == 0:
            r["first_name"] = _typo(rng, str(r["first_name"]))
        elif k == 1:
            r["surname"] = _typo(rng, str(r["surname"]))
        elif k == 2:
            if r["first_name"] and r["surname"]:
                r["first_name"], r["surname"] = r["surname"], r["first_name"]
        elif k == 3:
            g = str(r["first_name"])
            r["first_name"] = NICKNAMES.get(g, g[0] + ".") if rng.random() < 0.5 else g[0]
        elif k == 4:
            col = ("email", "phone", "address", "dob", "postcode", "first_name")[
                int(rng.integers(0, 6))
            ]
            r[col] = None
            if col == "address":
                r["postcode"] = None
        elif k == 5:
            if r["phone"]:
                r["phone"] = _phone_format(rng, str(r["phone"]))
        elif k == 6:
            if r["dob"]:
                r["dob"] = _dob_format(rng, str(r["dob"]))
        elif k == 7:
            if r["dob"]:
                r["dob"] = _dob_typo(rng, str(r["dob"]))
        elif k == 8:
            if r["address"]:
                words = str(r["address"]).split()
                words[-1] = ABBREVIATION.get(words[-1], words[-1])
                r["address"] = " ".join(words)
        elif k == 9:
            for col in ("first_name", "surname"):
                if r[col]:
                    r[col] = str(r[col]).upper() if rng.random() < 0.5 else str(r[col]).lower()
        elif k == 10:
            if r["email"] and r["email"] != new_email:
                r["email"] = _typo(rng, str(r["email"]))
        elif k == 11:
            r["email"] = new_email  # a new e-mail address
        elif k == 12:
            r["address"], r["city"], r["postcode"] = new_address  # moved house
        elif k == 13:
            if r["address"]:
                r["address"] = (
                    f"Flat {int(rng.integers(1, 9))}, {r['address']}"
                    if rng.random() < 0.5
                    else f"  {r['address']}  "
                )
        elif k == 14:
            if r["postcode"]:
                r["postcode"] = str(r["postcode"]).replace(" ", "").lower()
        elif k == 15 and r["address"]:
            r["address"] = _typo(rng, str(r["address"]))
    return r


CORRUPTION_WEIGHTS = np.array([10, 10, 4, 4, 12, 8, 8, 5, 8, 4, 4, 3, 2, 4, 4, 4], dtype=float)
CORRUPTION_WEIGHTS /= CORRUPTION_WEIGHTS.sum()


def generate(n_records: int, *, duplicate_share: float = 0.2, seed: int = 7) -> pd.DataFrame:
    """About ``n_records`` records; ``duplicate_share`` of the people have 1-3 extra, corrupted records."""
    rng = np.random.default_rng(seed)
    mean_extra = 1.5
    n_entities = round(n_records / (1 + duplicate_share * mean_extra))
    base = people(n_entities, rng)
    base.insert(0, "entity_id", np.arange(n_entities))
    extra = np.where(
        rng.random(n_entities) < duplicate_share,
        rng.integers(1, 3, n_entities) + (rng.random(n_entities) < 0.2),
        0,
    )
    sources = np.repeat(np.arange(n_entities), extra)
    donors = rng.integers(0, n_entities, len(sources))
    records = base.to_dict("records")
    dups = [
        corrupt(
            records[e],
            rng,
            records[d]["email"],
            (records[d]["address"], records[d]["city"], records[d]["postcode"]),
        )
        for e, d in zip(sources, donors, strict=True)
    ]
    out = pd.concat([base, pd.DataFrame(dups, columns=base.columns)], ignore_index=True)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    out.insert(0, "record_id", np.arange(len(out)))
    return out


def true_pairs(frame: pd.DataFrame) -> set[tuple[int, int]]:
    """Every pair of records (by row position, lower first) that belong to the same person."""
    pairs: set[tuple[int, int]] = set()
    groups = frame.groupby("entity_id").indices
    for rows in groups.values():
        if len(rows) > 1:
            rows = sorted(int(r) for r in rows)
            pairs.update((a, b) for k, a in enumerate(rows) for b in rows[k + 1 :])
    return pairs


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"people_{size}.parquet")
    frame = generate(size)
    frame.to_parquet(target, index=False)
    print(
        f"{len(frame):,} records of {frame['entity_id'].nunique():,} people, {len(true_pairs(frame)):,} true pairs → {target}"
    )
