"""General knowledge of how English news names organizations and roles.

Head nouns decide an organization's fine class; titles decide whether a person leads or
belongs to what the title is attached to. Nothing here names a particular entity.
"""
from __future__ import annotations

# head noun (lower case) -> fine ontology class; order matters only for readability
# The industry a company's name ends with ("Altamira Automotive", "Kivu Mining"): a head of
# a company's name, but not a noun that refers back to one ("the insurance" is no company).
INDUSTRY_HEADS = (
    "automotive", "packaging", "mining", "steel", "foods", "pharma", "electronics", "textiles", "chemicals",
    "cement", "petroleum", "insurance", "software", "aerospace", "robotics", "semiconductors", "shipbuilding",
    "mobility")
ORG_HEADS: dict[str, str] = {
    **dict.fromkeys(
        ["university", "institute", "academy", "college", "polytechnic", "conservatory",
         "conservatoire", "seminary", "universities"], "University"),
    **dict.fromkeys(
        ["department", "faculty", "school", "laboratory", "division", "directorate",
         "branch", "chair", "clinic", "hospital"], "OrganizationUnit"),
    **dict.fromkeys(
        ["ministry", "agency", "service", "administration", "commission", "committee", "bureau",
         "police", "guard", "parliament", "assembly", "government", "authority", "inspectorate",
         "court", "army", "navy", "forces", "embassy", "consulate", "secretariat", "cabinet",
         "senate", "congress", "duma", "office", "prosecutor", "customs", "command", "presidium"], "GovernmentBody"),
    **dict.fromkeys(
        ["news", "times", "post", "herald", "gazette", "tribune", "journal", "telegraph",
         "broadcasting", "radio", "television", "tv", "press", "daily", "weekly", "publication",
         "outlet", "newspaper"], "MediaOrganization"),
    **dict.fromkeys(
        ["tours", "inc", "ltd", "llc", "plc", "corp", "corporation", "company", "co", "group",
         "holdings", "airlines", "airways", "air", "bank", "technologies", "systems", "industries",
         "motors", "partners", "ventures", "logistics", "shipping", "travel", "pharmaceuticals",
         "telecom", "railways", "consortium", "enterprises", "gmbh", "ag", "sa", "trade", "trading", "holding"],
        "Company"),
    **dict.fromkeys(INDUSTRY_HEADS, "Company"),
    **dict.fromkeys(
        ["organization", "organisation", "foundation", "association", "union", "federation",
         "alliance", "society", "institution", "center", "centre", "forum", "party", "league",
         "network", "fund", "council", "club", "coalition", "movement", "initiative", "program",
         "programme", "observatory", "front", "brigade", "battalion", "regiment", "corps", "trust"], "Organization"),
}

# Nouns that, said of an unnamed thing, can refer back to a named organization.
NOMINAL_ORG_HEADS = frozenset(ORG_HEADS) | {"outlet", "publication", "firm", "operator", "agency",
                                            "broadcaster", "newspaper", "think", "tank"}

# Capitalised words that start a place name's generic part: "Kursk region", "Rason Special Economic Zone".
PLACE_HEADS: dict[str, str] = {
    **dict.fromkeys(["city", "town", "village", "port", "capital", "municipality", "cities", "towns",
                     "villages", "ports"], "City"),
    **dict.fromkeys(["region", "province", "oblast", "krai", "state", "district", "county", "regions",
                     "provinces", "states", "districts", "counties",
                     "prefecture", "territory", "zone", "republic", "peninsula", "island",
                     "islands", "valley", "governorate", "area", "coast"], "Region"),
    # sites a name ends with: "Regent Street", "Tiananmen Square", "Dayton International Airport"
    **dict.fromkeys(["street", "avenue", "boulevard", "square", "plaza", "airport", "harbor", "harbour",
                     "shipyard", "plant", "factory", "hotel", "motel", "cathedral", "stadium", "tower"],
                    "Place"),
}

# Kinds of site named after their founder or saint with a possessive that is part of the
# name: "Ford's Theater", "St Paul's Cathedral", "Guy's Hospital".
POSSESSIVE_SITE_NOUNS = frozenset({"theater", "theatre", "cathedral", "church", "chapel", "hospital", "stadium"})

# Words that introduce a place: "in Rason", "the border city of X".
PLACE_PREPOSITIONS = frozenset({"in", "to", "into", "near", "from", "across", "outside", "inside"})

LEADER_TITLES = frozenset({
    "president", "prime minister", "premier", "chancellor", "secretary-general", "secretary general",
    "general secretary", "chairman", "chairwoman", "chairperson", "chair", "chief", "head",
    "director", "director-general", "director general", "rector", "dean", "ceo", "chief executive",
    "chief executive officer", "governor", "mayor", "king", "queen", "emperor", "supreme leader",
    "leader", "commander", "commander-in-chief", "principal", "provost", "president-elect",
    "editor-in-chief", "executive director", "managing director", "owner",
    "administrator", "superintendent", "headmaster", "president and ceo", "boss",
    "coach", "head coach",  # a team's: "England coach X"; "defence coach" is a portfolio's
})
MEMBER_TITLES = frozenset({
    "vice president", "vice-president", "deputy", "vice minister", "vice-minister", "deputy minister",
    "minister", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy", "official",
    "officials", "expert", "researcher", "professor", "fellow", "senior fellow", "analyst",
    "scientist", "lecturer", "member", "adviser", "advisor", "economist", "correspondent",
    "reporter", "journalist", "editor", "lawmaker", "senator", "representative", "officer",
    "staff", "employee", "engineer", "doctor", "student", "graduate", "manager",
    "secretary", "vice rector", "vice-rector", "deputy director", "deputy head", "vice chairman",
    "diplomat", "consul", "attache", "general", "colonel", "captain", "admiral", "commissioner",
    "inspector", "auditor", "counsel", "lawyer", "partner", "associate", "head of department",
    "mp", "mep", "msp", "co-chairman", "co-founder", "whip", "councillor", "congressman", "congresswoman",
    "attorney", "lobbyist", "anchorman", "anchorwoman", "columnist", "commentator", "accountant", "actuary",
    "operating officer", "financial officer", "treasurer", "controller", "comptroller", "candidate", "aide",
    "backbencher", "frontbencher", "peer", "activist", "campaigner",  # "Labour backbencher X", "a Labour peer"
    "judge", "justice", "founder",  # who founded a body may have left it: one of its people, not its head
    # a team's players: "Chelsea striker X", "Wales prop Y", "England batsman Z"
    "player", "striker", "midfielder", "defender", "goalkeeper", "keeper", "winger", "full-back", "fullback",
    "centre-back", "fly-half", "scrum-half", "flanker", "hooker", "prop", "wing", "forward",
    "playmaker", "bowler", "batsman", "spinner", "paceman", "all-rounder", "wicketkeeper", "quarterback",
    "pitcher", "team-mate", "teammate",
    "pilot", "executive",  # "Eastern Airlines pilot X", "Pepco executive Y"
    # a band's: "U2 singer X", "Oasis guitarist Y"
    "singer", "guitarist", "drummer", "bassist", "frontman", "vocalist", "keyboardist",
})
# Modifiers that may stand inside a title without changing it: "acting chief", "senior fellow".
TITLE_MODIFIERS = frozenset({
    "acting", "interim", "senior", "chief", "deputy", "vice", "first", "executive", "foreign",
    "defense", "defence", "education", "finance", "health", "interior", "trade", "economy",
    "culture", "justice", "energy", "science", "economic", "military", "political", "top",
    "newly", "appointed", "rear", "elected", "current", "associate", "assistant", "research", "visiting",
    "principal", "lead", "general", "national", "regional", "local", "prime", "co",
})
# A leader title with one of these modifiers leads the ministry, not the country.
PORTFOLIO_MODIFIERS = frozenset({
    "foreign", "defense", "defence", "education", "finance", "health", "interior", "trade",
    "economy", "culture", "justice", "energy", "science", "labor", "labour", "transport",
    "agriculture", "environment",
})
# A department of a company or a body, before a title: "legal director", "marketing chief" head it, not the whole.
DEPARTMENT_MODIFIERS = frozenset({
    "legal", "financial", "communications", "marketing", "policy", "campaigns", "sales", "operations",
    "technical", "commercial", "editorial", "press", "personnel", "research", "development",
})
# Verbs of leaving a role: after them the role "as" names is a past one ("he quit as a Labour MP").
LEAVING_VERBS = frozenset({"quit", "resign", "retire", "expel", "sack", "oust", "dismiss", "remove", "deselect",
                           "suspend", "fire", "replace", "leave"})
PAST_MODIFIERS = frozenset({"former", "ex", "ex-", "late", "then", "outgoing", "previous"})
# Words that, capitalised to open a sentence, the model takes into the name after them:
# "Former Stone Roses singer X", "Injured Chelsea winger Y", "Fellow Bath prop Z".
NAME_OPENERS = PAST_MODIFIERS - {"ex", "ex-", "late", "then"} | frozenset({
    "injured", "legendary", "fellow", "striking", "retired", "embattled", "troubled", "struggling", "beleaguered",
    "veteran"})
# Nouns whose "of" ends the role of what follows: "the resignation of BBC chairman X".
ENDED_ROLE_NOUNS = frozenset({"resignation", "departure", "sacking", "dismissal", "ousting", "exit", "death",
                              "funeral", "killing", "murder", "assassination", "retirement"})

VISIT_VERBS = frozenset({"visit", "tour", "travel", "arrive", "attend", "come", "go", "fly",
                         "head", "trip", "journey", "stop", "land"})
VISIT_NOUNS = frozenset({"visit", "trip", "tour", "delegation", "mission"})
AGREEMENT_VERBS = frozenset({"sign", "ink", "conclude", "agree", "seal", "initial", "ratify", "renew"})
AGREEMENT_NOUNS = frozenset({"treaty", "agreement", "deal", "memorandum", "accord", "contract",
                             "pact", "mou", "protocol", "partnership", "deals", "agreements", "roadmap",
                             "declaration", "convention", "charter", "contracts", "treaties"})
CITE_TRIGGERS = frozenset({"cite", "citing", "cited", "according"})
REPORT_VERBS = frozenset({"report", "say", "state", "indicate", "show", "estimate", "announce",
                          "publish", "tell", "disclose", "reveal", "record", "register", "count"})
DEPLOY_VERBS = frozenset({"deploy", "station", "send", "dispatch", "transfer", "post", "move"})
DEPLOY_NOUNS = frozenset({"deployment", "troops", "soldiers", "forces", "personnel", "troop",
                          "soldier", "units", "transfers"})
MEETING_VERBS = frozenset({"meet", "host", "receive", "welcome"})
MEETING_NOUNS = frozenset({"meeting", "talks", "summit", "workshop", "conference", "forum",
                           "exhibition", "seminar", "session"})
# Members of an organization standing for it: "KCUT officials visited", "the KISU delegation toured".
GROUP_NOUNS = frozenset({"delegation", "delegations", "officials", "official", "representatives",
                         "lecturers", "teachers", "professors", "academics", "engineers", "workers",
                         "employees", "specialists", "instructors", "doctors", "clinicians", "crew",
                         "representative", "team", "staff", "members", "students", "scientists",
                         "researchers", "experts", "educators", "leaders", "diplomats", "envoys",
                         "group", "troops", "soldiers", "forces"})

# Last words of the names of events, which are not organizations: "Pacific Trade Expo".
EVENT_NAME_HEADS = frozenset({"expo", "fair", "festival", "exhibition", "olympics", "games", "championship",
                              "championships", "cup", "marathon", "biennale", "tournament", "prix", "open",
                              "sevens", "lecture", "summit", "awards", "trophy", "show"})
# Words the model takes for places or organizations that no analyst wants as a node.
NOT_NAMES = frozenset({"earth", "moon", "sun", "mars", "internet", "javascript", "wi-fi", "covid", "covid-19",
                       "end",  # "END", the wire's end-of-story line
                       "budget",  # "the Budget", a government's yearly statement: no body
                       "mps", "meps", "msps", "mlas",  # members, not a body
                       # diseases, techniques and things written as acronyms: no one's name
                       "tb", "hiv", "aids", "mrsa", "bse", "sars", "mmr", "ict", "gm", "dna", "cctv", "asbo", "asbos",
                       "white paper", "green paper"})  # a government's proposals, no body
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
CALENDAR_WORDS = WEEKDAYS | frozenset({"january", "february", "march", "april", "june", "july", "august",
                                       "september", "october", "november", "december"})

# Sentences that are page furniture, not news.
PAGE_NOISE_PATTERNS = (
    r"enable javascript", r"powered by disqus", r"\bcookies?\b.*\b(accept|use|policy)\b",
    r"^\s*(share|comments?|print|email|tweet|subscribe|advertisement|related( articles| stories)?|"
    r"read more|sign up|log in|what's your reaction\??|follow us.*|skip to (main )?content)\s*[:.!?]?\s*$",
    r"all rights reserved", r"^\s*(©|\(c\)|copyright)\b", r"\bnewsletter\b.*\bsign up\b",
    r"^\s*(tags?|topics?|categories)\s*:",
    r"^\s*share( this( article| story| post| page)?| on)?\s*:", r"\bleave a reply\b", r"\bcancel reply\b",
    r"^\s*[^|\n]{1,30}(\s\|\s[^|\n]{1,30})+\s*$",  # "Privacy Policy | Cookie Settings"
    r"^\s*[A-Z]{2,6}(/[A-Z]{1,4})+\s*$",  # an agency's sign-off: "MBNA/HS/KO"
)

# Words a body's generic name is made of: "border service", "Ministry of Foreign Affairs".
GENERIC_BODY_WORDS = frozenset({
    "border", "service", "services", "ministry", "agency", "police", "guard", "office", "department",
    "directorate", "committee", "commission", "administration", "bureau", "forces", "federal", "national",
    "state", "foreign", "affairs", "defence", "defense", "interior", "education", "science", "health",
    "press", "security", "intelligence", "customs", "tax", "migration", "coast", "of", "and", "the",
    "justice", "finance", "trade", "economy", "economic", "development", "emergency", "emergencies",
    "situations", "armed", "general", "staff", "prosecutor", "prosecutor's", "statistics", "statistical",
    "higher", "culture", "tourism", "transport", "energy", "agriculture", "labour", "labor", "public",
})

# Words of address that only ever stand before a person's name: "Mr Blair", "Baroness Kennedy".
# What follows one is a person whatever the model said ("Ms Blears" is no organization).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mister", "madam", "dr", "sir", "dame", "lord", "lady",
                        "baroness", "baron", "rev", "reverend", "mme", "mlle", "messrs"})
# Honorifics written before a surname alone ("Ms Sturgeon", "Dr Greenspan"): what follows is a person's.
ADDRESS_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr."})
# Jobs and ranks news writes capitalised before a name as a title: "Photographer Jeff Widener",
# "District Judge Sherman Finesilver", "Gov. Cecil Andrus". A title is no part of the name.
OCCUPATION_TITLES = frozenset({
    "judge", "justice", "magistrate", "attorney", "prosecutor", "solicitor", "barrister", "sheriff", "detective",
    "constable", "sergeant", "corporal", "lieutenant", "marshal", "trooper", "patrolman", "officer", "gov",
    "governor", "sen", "senator", "rep", "congressman", "congresswoman", "assemblyman", "assemblywoman",
    "councilman", "councilwoman", "councillor", "councilor", "alderman", "mayor", "photographer", "composer",
    "conductor", "soprano", "tenor", "baritone", "pianist", "violinist", "guitarist", "singer", "actor", "actress",
    "author", "novelist", "poet", "playwright", "artist", "painter", "sculptor", "architect", "designer",
    "coach", "manager", "striker", "goalkeeper", "captain", "skipper", "pilot", "astronaut", "cosmonaut",
    "bishop", "archbishop", "cardinal", "pope", "rabbi", "imam", "pastor", "father", "chaplain", "cleric",
    "surgeon", "nurse", "economist", "analyst", "historian", "scientist", "physicist", "chemist", "biologist",
    "spokesman", "spokeswoman", "chancellor", "treasurer", "commissioner", "supt", "insp", "det", "sgt", "cpl",
    "pvt", "adm", "maj", "brig", "cmdr", "cdr", "lt", "capt", "col", "gen", "atty", "dist",
})

# Nouns that say the name before or after them is a work, a product, a brand or a character,
# not a person, an organization or a place: "the film X", "X vodka", "games such as X and Y".
WORK_NOUNS = frozenset({
    "film", "films", "movie", "movies", "series", "sitcom", "drama", "dramas", "show", "shows", "programme",
    "programmes", "novel", "novels", "book", "books", "album", "albums", "song", "songs", "single", "play",
    "plays", "musical", "opera", "game", "games", "console", "consoles", "handset", "handsets", "gadget",
    "character", "characters", "role", "brand", "brands", "product", "products", "title", "titles", "franchise",
    "sequel", "trilogy", "blockbuster", "thriller", "classic", "classics", "comedy", "documentary", "painting", "poem",
})
# Words after a name that make it a drink, a work's sequel or series: "Malibu rum", "X sequel".
PRODUCT_AFTER = frozenset({
    "rum", "brandy", "vodka", "whisky", "whiskey", "gin", "liqueur", "lager", "champagne", "cognac", "tequila",
    "sherry", "cider", "sequel", "sequels", "franchise", "trilogy", "soundtrack", "console", "consoles", "handset",
})
# People a work is known by: "Kill Bill director Quentin Tarantino", "Sideways star Thomas Church".
WORK_CREDITS = frozenset({"director", "star", "co-star", "actor", "actress", "producer", "screenwriter",
                          "creator", "composer", "author", "judge", "presenter", "host"})
# Last words of the names of awards, laws and papers, which are not organizations: "Academy
# Awards", "Prevention of Terrorism Bill", "Maastricht Treaty", "European Patent Convention".
AWARD_LAW_HEADS = frozenset({"award", "awards", "prize", "prizes", "trophy", "medal", "bill", "act", "acts",
                             "directive", "oscar", "oscars", "bafta", "baftas", "emmy", "emmys", "grammy", "grammys",
                             "treaty", "convention", "charter", "protocol", "strategy", "manifesto"})

# Nouns after a name that make it an event's: "the Leipzig International meeting".
EVENT_AFTER = frozenset({"meeting", "tournament", "championship", "championships", "rally", "festival", "marathon",
                         "regatta", "grand"})

# Nouns that describe a company in front of its name: "US mortgage firm X", "French group Y",
# "the drinks giant Z". What stands before them says where the company is from.
COMPANY_DESCRIPTOR_NOUNS = frozenset({
    "firm", "company", "group", "giant", "maker", "manufacturer", "producer", "retailer", "bank", "lender",
    "insurer", "carrier", "airline", "operator", "conglomerate", "broadcaster", "publisher", "chain",
    "supplier", "developer", "brewer", "distiller", "carmaker", "automaker", "miner", "exporter", "importer",
    "multinational", "business", "corporation", "provider", "specialist", "outfit", "label", "studio",
    "rival", "partner", "distributor", "utility", "concern",
})
# Titles that a party's name stands before: "Conservative MP X", "Tory co-chairman Y".
PARTY_TITLES = frozenset({
    "leader", "mp", "mps", "mep", "meps", "msp", "msps", "co-chairman", "chairman", "spokesman",
    "spokeswoman", "spokesperson", "whip", "peer", "councillor", "senator", "congressman",
    "congresswoman", "deputy leader", "party leader", "chair", "candidate", "frontbencher",
    "backbencher", "activist",
})

# Words that only a party's people stand after its name as: "Labour MPs", "Tory candidate".
PARTY_MEMBER_WORDS = frozenset({"mp", "mps", "mep", "meps", "msp", "msps", "peer", "peers", "councillor",
                                "councillors", "backbencher", "backbenchers", "frontbencher", "frontbenchers",
                                "activists", "candidate", "candidates"})

# Words of a minister's or a spokesman's title before the title word itself: "Shadow Home
# Secretary", "Home Affairs spokesman", "First Minister". Alone, none of them names anything,
# nor a party before the title. ("Labour" is also a party's name, so not one of them.)
TITLE_PART_WORDS = (PORTFOLIO_MODIFIERS - {"labour", "labor"}) | TITLE_MODIFIERS \
    | frozenset({"shadow", "home", "affairs", "junior", "first"})
# Names of offices a portfolio is named after, written between a party and a title: "Lib Dem
# Treasury spokesman", "SNP Holyrood leader". Entities of their own elsewhere.
PORTFOLIO_NAMES = frozenset({"treasury", "exchequer", "holyrood"})
# Every word that can stand between a title's owner and the title.
BETWEEN_OWNER_AND_TITLE = TITLE_PART_WORDS | PORTFOLIO_NAMES
