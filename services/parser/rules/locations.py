"""US locations: "City, ST" normal form from label values and from prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick

from services.parser.rules.lead import guarded
from services.parser.rules.wordtree import alternation

__all__ = [
    "city_state_spans",
    "find_city_states",
    "has_shouted_place",
    "is_place",
    "normalise_location",
    "state_list_in",
    "state_code",
    "uncapitalise",
]

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}  # fmt: skip
_NAME_TO_CODE = {name.lower(): code for code, name in STATES.items()}
# Codes that are also everyday upper-case words or abbreviations: accepted after a comma only,
# or after a city we know.
_AMBIGUOUS = {"IN", "OR", "OK", "ME", "HI", "DE", "CO", "PA", "MD", "MA", "LA", "AL", "ID", "OH"}

# Tech-hiring cities, used to find where a city name starts in prose ("Java Developer Dallas TX").
_KNOWN_CITIES = {
    "new york", "new york city", "jersey city", "newark", "princeton", "iselin", "edison",
    "piscataway", "parsippany", "hoboken", "boston", "cambridge", "quincy", "hartford",
    "stamford", "providence", "philadelphia", "pittsburgh", "harrisburg", "malvern",
    "wilmington", "baltimore", "columbia", "washington", "arlington", "reston", "herndon",
    "mclean", "chantilly", "richmond", "glen allen", "norfolk", "virginia beach", "charlotte",
    "raleigh", "durham", "cary", "atlanta", "alpharetta", "jacksonville", "tampa", "orlando",
    "miami", "fort lauderdale", "boca raton", "st. petersburg", "st petersburg", "nashville",
    "memphis", "franklin", "brentwood", "birmingham", "louisville", "cincinnati", "columbus",
    "cleveland", "dayton", "detroit", "dearborn", "ann arbor", "grand rapids", "troy",
    "chicago", "naperville", "schaumburg", "deerfield", "northbrook", "indianapolis",
    "milwaukee", "madison", "minneapolis", "st. paul", "st paul", "saint paul", "eagan",
    "des moines", "omaha", "kansas city", "overland park", "st. louis", "st louis",
    "saint louis", "dallas", "plano", "irving", "frisco", "richardson", "fort worth",
    "houston", "austin", "san antonio", "round rock", "the woodlands", "oklahoma city",
    "tulsa", "little rock", "bentonville", "new orleans", "baton rouge", "denver", "boulder",
    "englewood", "colorado springs", "salt lake city", "lehi", "phoenix", "scottsdale",
    "tempe", "chandler", "albuquerque", "las vegas", "los angeles", "irvine", "san diego",
    "san francisco", "san jose", "santa clara", "sunnyvale", "mountain view", "palo alto",
    "menlo park", "cupertino", "redwood city", "pleasanton", "oakland", "sacramento",
    "seattle", "bellevue", "redmond", "portland", "beaverton", "boise", "hillsboro",
    "charleston", "greenville", "buffalo", "rochester", "albany", "syracuse",
    "white plains", "long island city", "brooklyn", "manhattan", "riverwoods", "peoria",
    "springfield", "bloomington", "lansing", "toledo", "akron", "lexington", "knoxville",
    "chattanooga", "savannah", "augusta", "mobile", "huntsville", "jackson", "honolulu",
    "anchorage", "cheyenne", "billings", "fargo", "sioux falls", "lincoln", "wichita",
    "topeka", "tallahassee", "fort myers", "sarasota", "west palm beach", "pensacola",
    "winston-salem", "greensboro", "chesapeake", "alexandria", "fairfax", "vienna",
    "rockville", "bethesda", "gaithersburg", "silver spring", "owings mills", "hunt valley",
    "king of prussia", "conshohocken", "camden", "trenton", "morristown", "basking ridge",
    "bridgewater", "warren", "somerset", "berkeley heights", "weehawken", "secaucus",
}  # fmt: skip
# First words of multi-word city names we may not know ("Overland Park", "Boca Raton").
_CITY_PREFIXES = {
    "new", "san", "santa", "los", "las", "st.", "st", "saint", "fort", "ft.", "salt", "jersey",
    "palo", "el", "grand", "kansas", "baton", "little", "long", "oklahoma", "colorado",
    "virginia", "overland", "cedar", "sioux", "mountain", "west", "east", "north", "south",
    "port", "round", "sugar", "silver", "college", "glen", "ann", "des", "boca", "menlo",
    "redwood", "white", "king", "basking", "berkeley", "owings", "hunt", "red", "lake", "oak",
}  # fmt: skip
# Single cities named without a state in label values ("Location: NYC").
_CITY_ONLY = {
    "nyc": "New York, NY", "new york city": "New York, NY", "new york": "New York, NY",
    "chicago": "Chicago, IL", "dallas": "Dallas, TX", "houston": "Houston, TX",
    "austin": "Austin, TX", "atlanta": "Atlanta, GA", "seattle": "Seattle, WA",
    "boston": "Boston, MA", "charlotte": "Charlotte, NC", "phoenix": "Phoenix, AZ",
    "denver": "Denver, CO", "san francisco": "San Francisco, CA", "los angeles": "Los Angeles, CA",
    "philadelphia": "Philadelphia, PA", "detroit": "Detroit, MI", "minneapolis": "Minneapolis, MN",
    "pittsburgh": "Pittsburgh, PA", "plano": "Plano, TX", "irving": "Irving, TX",
    "jersey city": "Jersey City, NJ", "nashville": "Nashville, TN", "raleigh": "Raleigh, NC",
    "tampa": "Tampa, FL", "miami": "Miami, FL", "san jose": "San Jose, CA",
    "bay area": "San Francisco, CA", "sf bay area": "San Francisco, CA", "sf": "San Francisco, CA",
    "san francisco bay area": "San Francisco, CA", "dfw": "Dallas, TX", "la": "Los Angeles, CA",
}  # fmt: skip

# prefix trees (wordtree.py): the same matches as the codes and the names longest first,
# without ~50 branches tried one by one after every city-like word
_CODES = alternation(list(STATES))
_NAMES = alternation(list(STATES.values()))
_WORD = r"(?:St\.|Ft\.|[A-Z][A-Za-z'’.-]*[a-z]|[A-Z][a-z]?)"
_CITY = rf"(?P<city>{_WORD}(?:[ -]{_WORD}){{0,3}})"
_CITY_STATE = re.compile(
    rf"{_CITY}(?:\s*,\s*(?P<code>{_CODES})|\s+(?P<bare>{_CODES})|\s*,\s*(?P<name>{_NAMES})"
    rf"|\s+(?P<spelled>{_NAMES}))(?![A-Za-z])(?P<zip>\s*,?\s*\d{{5}}(?:-\d{{4}})?)?"
)
_REMOTE_FIRST = re.compile(
    r"^\W*(?:(?:100\s*%\s*|fully\s+|full\s+)?remote\b|work\s+from\s+home\b|wfh\b|telecommute"
    r"|anywhere\s+in\s+(?:the\s+)?(?:us|usa|u\.s\.|united\s+states)\b)",
    re.IGNORECASE,
)
_STATE_SUFFIX = re.compile(r",\s*[A-Z]{2}$")  # "Bay Area, CA": the area names the city
_NOT_A_CITY = {"area", "region", "metro", "office", "location", "site", "campus", "hq",
               # a shouted role word read as a city: "Oracle DBA TX/OK/LA"
               "dba", "sdet", "developer", "engineer", "analyst", "architect", "admin",
               "administrator", "tester", "consultant", "programmer", "devops"}  # fmt: skip
_WASHINGTON_DC = re.compile(r"\bWashington,?\s*D\.?\s*C\b\.?", re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)")
_SHOUTED_WORD = re.compile(r"\b[A-Z]{3,}\b")
_SHOUTED_PLACE = re.compile(r"\b[A-Z]{3,},?[ \t]+[A-Z]{2}\b")
_LOCATION_SPLIT = re.compile(r"\s*(?:[/|;(]|\s[-–]\s|\bor\b|\band\b)\s*")
_STATE_LIST_SPLIT = re.compile(r"\s*(?:[/|;,&+]|\band\b|\bor\b)\s*", re.IGNORECASE)
_MODE_PREFIX = re.compile(r"^(?:on[\s-]?site|hybrid|in[\s-]?office)\s*[:,]?\s*", re.IGNORECASE)


def state_code(token: str) -> str | None:
    token = token.strip().strip(".")
    if token.upper() in STATES and token.isupper():
        return token.upper()
    return _NAME_TO_CODE.get(token.lower())


def find_city_states(text: str) -> list[tuple[int, str]]:
    """All "City, ST" mentions in prose, as (offset, normal form)."""
    return [(start, value) for start, _, value in city_state_spans(text)]


def city_state_spans(text: str) -> list[tuple[int, int, str]]:
    """All "City, ST" mentions as (start, end, normal form), offsets into ``text``."""
    return list(_city_state_spans(text))


# Titles, lines and label values are asked about more than once per email (segment, titles,
# jobs): each text is scanned once.
@lru_cache(maxsize=256)
def _city_state_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    found = [(m.start(), m.end(), "Washington, DC") for m in _WASHINGTON_DC.finditer(text)]
    for match in _city_state_matches(text):
        if any(match.start() < end and start < match.end() for start, end, _ in found):
            continue  # "Washington D.C." read above
        words = re.split(r"\s+", match.group("city"))
        city, known = _city_suffix(words)
        if city is None:
            continue
        bare, spelled = match.group("bare"), match.group("spelled")
        if bare and bare in _AMBIGUOUS and not known:
            continue
        # "Raleigh North Carolina 27601": a spelled-out state without a comma needs a city we
        # know or a ZIP, or "Senior Developer Virginia" would be a place.
        if spelled and not (known or match.group("zip")):
            continue
        name = match.group("name") or spelled
        code = match.group("code") or bare or _NAME_TO_CODE[name.lower()]
        start = match.start("city") + match.group("city").rfind(city)
        found.append((start, match.end(), f"{city}, {code}"))
    return tuple(sorted(found))


def _city_state_matches(text: str) -> Iterator[re.Match[str]]:
    """``_CITY_STATE.finditer(text)``, the regex tried only where a match can start.

    ``re`` would try it in full at every capital letter (~100 ns a character of the text). A
    match ends in a state's code or name, which the automaton finds, and its city runs back
    from there over letters and at most three spaces: its capitals are the only starts. The
    loop tries them left to right and resumes after each match, as finditer does."""
    resume = 0
    for start in sorted(_city_starts(text)):
        if start < resume:
            continue
        match = _CITY_STATE.match(text, start)
        if match is not None:
            yield match
            resume = match.end()


def _city_starts(text: str) -> set[int]:
    """Where a "City, ST" match may start: the capitals of the city-like run before each state
    word that no ASCII letter follows (the regex's ``(?![A-Za-z])``)."""
    starts: set[int] = set()
    for end, word in _STATE_WORDS.iter(text):
        if end + 1 < len(text) and text[end + 1] in _ASCII_LETTERS:
            continue
        at = end + 1 - len(word)
        while at and text[at - 1].isspace():  # the separator: "\s*,\s*" or "\s+"
            at -= 1
        if at and text[at - 1] == ",":
            at -= 1
            while at and text[at - 1].isspace():
                at -= 1
        spaces = 0  # up to four words joined by " " or "-": at most three spaces
        while at and text[at - 1] in _CITY_CHARS:
            at -= 1
            char = text[at]
            if char == " ":
                spaces += 1
                if spaces > _CITY_SPACES:
                    break
            elif "A" <= char <= "Z":
                starts.add(at)
    return starts


def _state_words() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in (*STATES, *STATES.values()):
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


_STATE_WORDS = _state_words()
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# what a city (``_CITY``: words of ``_WORD`` joined by " " or "-") is made of
_CITY_CHARS = _ASCII_LETTERS | frozenset("'’.- ")
_CITY_SPACES = 3


def _city_suffix(words: list[str]) -> tuple[str | None, bool]:
    if words[-1].lower() in _NOT_A_CITY:
        return None, False  # "Bay Area, CA", "Client Office, TX"
    tail = {" ".join(words[-n:]).lower() for n in (1, 2)}
    if tail & _NAME_TO_CODE.keys() and not tail & _KNOWN_CITIES:
        return None, False  # "Maryland, Arizona & Pennsylvania" lists states, not a city
    for size in range(min(4, len(words)), 0, -1):
        candidate = " ".join(words[-size:])
        if candidate.lower() in _KNOWN_CITIES:
            return candidate, True
    last = words[-1]
    if last.isupper() and len(last) <= 2:
        return None, False  # "IT, TX" and the like: an acronym, not a city
    if len(words) >= 2 and words[-2].lower() in _CITY_PREFIXES:
        return f"{words[-2]} {last}", False
    return last, False


def is_place(text: str) -> bool:
    """ "Boston", "Dallas, TX", "Texas", "New York City": a place, not part of a role or name."""
    words = text.strip(" ,.;:()").lower()
    return bool(
        find_city_states(text) or words in _KNOWN_CITIES or words in _NAME_TO_CODE
        or words in _CITY_ONLY
    )  # fmt: skip


def has_shouted_place(text: str) -> bool:
    """Whether ``text`` has an upper-case word of three letters or more before a state code
    ("DALLAS, TX", "NEW YORK NY")."""
    return _SHOUTED_PLACE.search(text) is not None


def uncapitalise(value: str) -> str:
    """ "DALLAS, TX" → "Dallas, TX": city words are found by their capital-then-lower shape."""
    return _SHOUTED_WORD.sub(lambda m: m.group(0).title(), value)


def normalise_location(value: str) -> str | None:
    """A location label's value → "City, ST", "Remote" or None."""
    value = uncapitalise(value.strip())
    if not value:
        return None
    if _REMOTE_FIRST.match(value):
        return "Remote"
    found = find_city_states(value)
    # "NYC | Livingston, NJ | …" (in order of preference): a known city listed first comes first
    first = _LOCATION_SPLIT.split(value, maxsplit=1)[0].strip(" ,.-*")
    if found and len(first) < found[0][0] and first.lower() in _CITY_ONLY:
        return _CITY_ONLY[first.lower()]
    if found:
        return found[0][1]
    # "NYC (Hybrid)", "Onsite - NYC": the first part that names a city we know
    states = _state_list(value)
    if len(states) > 1:
        return states[0]  # "TX/OK/LA": Louisiana here, not "LA" the city
    for part in _LOCATION_SPLIT.split(_PAREN.sub(" ", value)):
        key = _STATE_SUFFIX.sub("", _MODE_PREFIX.sub("", part.strip(" ,.-"))).lower()
        if key in _CITY_ONLY:
            return _CITY_ONLY[key]
        # "3 days onsite in Tampa": the city closes the phrase
        words = key.split()
        for size in (3, 2, 1):
            if len(words) > size and " ".join(words[-size:]) in _CITY_ONLY:
                return _CITY_ONLY[" ".join(words[-size:])]
    if re.search(r"\bremote\b", value, re.IGNORECASE) and not re.search(
        r"\bno(?:t)?\s+remote\b", value, re.IGNORECASE
    ):
        return "Remote"
    states = _state_list(value)
    return states[0] if states else None


_STATE_CODES_RUN = re.compile(r"\b[A-Z]{2}(?:\s*/\s*[A-Z]{2})+\b")


def state_list_in(text: str) -> str | None:
    """The first state of a run of state codes in prose ("onsite TX/OK/LA" → "TX"), two codes
    at least ("IN" alone is a word); None when a code of the run is no state ("USC/GC")."""
    for match in _STATE_CODES_RUN.finditer(text):
        codes = _state_list(match.group(0))
        if codes:
            return codes[0]
    return None


def _state_list(value: str) -> list[str]:
    """A state-only location ("Virginia", "TX/OK/LA", "Ohio, Indiana & Michigan") → its states'
    codes, or [] when any part is something else. The contract has no form for a state or a
    list: the caller returns the first code (README, "Locations")."""
    codes = []
    for part in _STATE_LIST_SPLIT.split(_PAREN.sub(" ", value)):
        part = part.strip(" .-*:")
        if not part:
            continue
        code = state_code(part)
        if code is None or (len(part) == 2 and not part.isupper()):
            return []
        codes.append(code)
    return codes


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_LOCATION_SPLIT = guarded(_LOCATION_SPLIT)
_WASHINGTON_DC = guarded(_WASHINGTON_DC)
