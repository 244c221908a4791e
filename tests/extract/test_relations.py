"""Relations and events with the real model: one or more sentences per rule of
`extract.components.relations.RULES`, sentences that must not give a relation, and the
evidence every fact carries."""
from __future__ import annotations

import pytest

from newskg.extract.components.relations import RULES
from newskg.extract.pipeline import extract_document, home_country_set
from newskg.extract.records import RELATIONS, DocumentExtraction, SourceDocument


def extract(nlp, text: str, date: str | None = None) -> DocumentExtraction:
    return extract_document(nlp, SourceDocument(source="test", text=text, date=date))


def names(ex: DocumentExtraction) -> dict[str, str]:
    return {e.key: e.name for e in ex.entities}


def triples(ex: DocumentExtraction) -> set[tuple[str, str, str]]:
    """(subject name, predicate, object name); a key that is no entity of the document stays a key."""
    by_key = names(ex)
    return {(by_key.get(r.subject, r.subject), r.predicate, by_key.get(r.object, r.object)) for r in ex.relations}


def rules_for(ex: DocumentExtraction, triple: tuple[str, str, str]) -> set[str]:
    by_key = names(ex)
    return {r.extractor for r in ex.relations
            if (by_key.get(r.subject), r.predicate, by_key.get(r.object)) == triple}


CASES = [
    # of_the_parent
    ("of_the_parent", "Researchers at the Institute of Arctic Studies of the Nordic Academy of Sciences disagreed.",
     ("Institute of Arctic Studies", "partOf", "Nordic Academy of Sciences")),
    ("of_the_parent", "The Security Council of Latvia met on Monday.", ("Security Council of Latvia", "partOf", "Latvia")),
    ("of_the_parent", "The Tourism Agency of Kaldoria Oblast said bookings rose in Kaldoria Oblast.",
     ("Tourism Agency of Kaldoria Oblast", "partOf", "Kaldoria Oblast")),
    ("of_the_parent", "The Embassy of the DPRK issued the visas.", ("Embassy of the DPRK", "partOf", "North Korea")),
    ("of_the_parent", "Students came from the Nordvik University of Marine Sciences of the Republic of Korea.",
     ("Nordvik University of Marine Sciences", "locatedIn", "South Korea")),
    # org_in_place
    ("org_in_place", "Students came from Nordvik Technical University (NTU) in Bergen on Monday.",
     ("Nordvik Technical University", "locatedIn", "Bergen")),
    ("org_in_place", "Fennick Foods, one of Estonia's biggest food makers, said profits rose.",
     ("Fennick Foods", "locatedIn", "Estonia")),
    ("org_in_place", "Analysts at the Baltic Institute for Maritime Studies (BIMS) in Riga disagreed.",
     ("Baltic Institute for Maritime Studies", "locatedIn", "Riga")),
    ("org_in_place", "The loan came from the Nordic Harbour Fund (NHF), a state-backed lender in Oslo.",
     ("Nordic Harbour Fund", "locatedIn", "Oslo")),
    # place_description
    ("place_description", "Volunteers gathered in the Polish town of Słubice on Friday.",
     ("Słubice", "locatedIn", "Poland")),
    ("place_description", "Floods hit the Mexican states of Sonora and Chihuahua this week.",
     ("Chihuahua", "locatedIn", "Mexico")),
    # visit_noun
    ("visit_noun", "Health Minister Amina Otieno said during a visit to Mombasa that the outbreak was over.",
     ("Amina Otieno", "visited", "Mombasa")),
    # deploy_verb
    ("deploy_verb", "Norway will deploy about 300 soldiers to Lithuania's Kaunas region next year.",
     ("Norway", "deployedTo", "Kaunas region")),
    ("deploy_verb", "The Estonian Border Guard Board stationed 40 officers in the city of Narva.",
     ("Estonian Border Guard Board", "deployedTo", "Narva")),
    # a person at a university, a member of a body, an executive with a firm
    ("person_of_org", "Susan Miller at the Kelda Institute of Technology said the results were clear.",
     ("Susan Miller", "affiliatedWith", "Kelda Institute of Technology")),
    ("copular_role", "Edda Holm is a member of the Kelda Trade Commission.",
     ("Edda Holm", "affiliatedWith", "Kelda Trade Commission")),
    ("role_apposition", "\"It works,\" says Ola Tarvey, an executive with Fennick Foods.",
     ("Ola Tarvey", "affiliatedWith", "Fennick Foods")),
    # title_before_name
    ("title_before_name", "Chelsea striker Ivo Sand scored twice on Saturday.", ("Ivo Sand", "affiliatedWith", "Chelsea")),
    ("role_apposition", "Ivo Sand, the Kelda Trust co-chairman, said the plan was sound.",
     ("Ivo Sand", "affiliatedWith", "Kelda Trust")),
    ("role_apposition", "Ivo Sand, leader of the Kelda Party in the assembly, said homes faced rises.",
     ("Ivo Sand", "affiliatedWith", "Kelda Party")),
    ("title_before_name", "UKIP chairman Ivo Sand urged the men to step down. The party said it would act.",
     ("Ivo Sand", "affiliatedWith", "UKIP")),
    ("title_before_name", "Meanwhile Labour backbencher Ola Tarvey called the plan a waste.",
     ("Ola Tarvey", "affiliatedWith", "Labour")),
    ("role_apposition", "Anna Varkonyi, a Labour peer and a former teacher, told the committee she was worried.",
     ("Anna Varkonyi", "affiliatedWith", "Labour")),
    ("title_before_name", "Wales wing Ola Tarvey scored a try.", ("Ola Tarvey", "affiliatedWith", "Wales")),
    ("title_before_name", "Kelda Rovers boss Edda Holm was angry after the defeat.",
     ("Edda Holm", "leaderOf", "Kelda Rovers")),
    ("title_before_name", "The Kelda Foxes drummer Ivo Sand quit the band.", ("Ivo Sand", "affiliatedWith", "Kelda Foxes")),
    # a coach leads the team of the country named, not the country of one who is its national
    ("title_before_name", "Australia coach Ivo Sand was sacked on Monday.", ("Ivo Sand", "leaderOf", "Australia")),
    ("title_before_name", "Agassi split with Australian coach Ivo Sand.", ("Ivo Sand", "affiliatedWith", "Australia")),
    # a word that opens the sentence is no part of the team's name
    ("title_before_name", "Injured Chelsea winger Ivo Sand is out for a month.", ("Ivo Sand", "affiliatedWith", "Chelsea")),
    ("title_before_name", "Ukrainian President Olena Hrytsenko opened the summit.",
     ("Olena Hrytsenko", "leaderOf", "Ukraine")),
    ("title_before_name", "Tartu Marine Institute Rector Jaan Kask signed the letter.",
     ("Jaan Kask", "leaderOf", "Tartu Marine Institute")),
    ("title_before_name", "US Secretary of State Ola Tarvey arrived in Cairo.",
     ("Ola Tarvey", "affiliatedWith", "United States")),
    ("title_before_name", "NATO Secretary-General Ruud Janssen arrived in Kyiv.",
     ("Ruud Janssen", "leaderOf", "North Atlantic Treaty Organization")),
    ("title_before_name", "Chinese Foreign Minister Wei Lan met reporters.", ("Wei Lan", "affiliatedWith", "China")),
    ("title_before_name", "Kenyan Health Minister Amina Otieno toured the clinic.",
     ("Amina Otieno", "affiliatedWith", "Kenya")),
    ("led_by", "The Ministry of Marine Resources sent a team led by Vice Minister Ri Song Gun.",
     ("Ri Song Gun", "affiliatedWith", "Ministry of Marine Resources")),
    # title_apposition
    ("title_apposition", "Nordvik Shipping expects growth. The company's chairman, Gao Peng, said so.",
     ("Gao Peng", "leaderOf", "Nordvik Shipping")),
    ("title_apposition", "The Vice-Chancellor of NTU, Professor Ibrahim Danjuma, told reporters.",
     ("Ibrahim Danjuma", "leaderOf", "NTU")),
    ("title_apposition", "The governor of Norway's western county of Vestland, Jon Askeland, signed a deal.",
     ("Jon Askeland", "leaderOf", "Vestland")),
    # minister_of_ministry
    ("minister_of_ministry", "Latvia's Ministry of Culture and Heritage backs the plan, Culture Minister Ilze Ozola said.",
     ("Ilze Ozola", "leaderOf", "Ministry of Culture and Heritage")),
    ("minister_of_ministry", "The Federal Ministry of the Interior agreed, said Deputy Interior Minister Jonas Weber.",
     ("Jonas Weber", "affiliatedWith", "Federal Ministry of the Interior")),
    # copular_role
    ("copular_role", "Maria Lopez is the director of the Andes Water Agency.",
     ("Maria Lopez", "leaderOf", "Andes Water Agency")),
    ("copular_role", "Ole Brandt, who is a senior fellow at the Kelda Institute, disagreed.",
     ("Ole Brandt", "affiliatedWith", "Kelda Institute")),
    ("copular_role", "Lim Wei Ting is a senior fellow at the Straits Policy Institute.",
     ("Lim Wei Ting", "affiliatedWith", "Straits Policy Institute")),
    ("led_by", "Nordvik Shipping announced a fourth division, Nordvik Tankers. The new division will be headed by "
               "engineer Anna Berg.", ("Anna Berg", "leaderOf", "Nordvik Tankers")),
    # led_by
    ("led_by", "The Tartu Marine Institute (TMI), led by Rector Jaan Kask, opened a new lab.",
     ("Jaan Kask", "leaderOf", "Tartu Marine Institute")),
    ("led_by", "The Baltic Ocean Agency, headed by Ilse Berg, released the data.",
     ("Ilse Berg", "leaderOf", "Baltic Ocean Agency")),
    # leads_verb
    ("leads_verb", "Ilse Berg, who heads the Baltic Ocean Agency, spoke first.",
     ("Ilse Berg", "leaderOf", "Baltic Ocean Agency")),
    ("leads_verb", "Jaan Kask has led the Tartu Marine Institute since 2021.",
     ("Jaan Kask", "leaderOf", "Tartu Marine Institute")),
    ("leads_verb", "Marta Lindqvist chairs the Nordic Fisheries Council.",
     ("Marta Lindqvist", "leaderOf", "Nordic Fisheries Council")),
    # role_apposition
    ("role_apposition", "Anna Varkonyi, a barrister and chairman of the Kelda Trust, said the law was clear.",
     ("Anna Varkonyi", "leaderOf", "Kelda Trust")),
    ("role_apposition", "Anna Varkonyi, Chief Secretary to the Treasury, is to step down.",
     ("Anna Varkonyi", "affiliatedWith", "Treasury")),
    ("role_apposition", "Maria Lopez, attorney for Kestrel Bank, said the deal was off.",
     ("Maria Lopez", "affiliatedWith", "Kestrel Bank")),
    ("role_apposition", "Peter Varga, the rector of Danube Polytechnic University, welcomed the guests.",
     ("Peter Varga", "leaderOf", "Danube Polytechnic University")),
    ("role_apposition", "Peter Varga, a senior analyst at the Baltic Policy Institute, said prices would rise.",
     ("Peter Varga", "affiliatedWith", "Baltic Policy Institute")),
    ("role_apposition", "Floods hit Kaldoria Province. Ivan Petrov, the province's deputy governor, flew in.",
     ("Ivan Petrov", "affiliatedWith", "Kaldoria Province")),
    ("role_apposition", "Anna Lind, TMI's vice-rector for research, welcomed the guests at the Tartu Marine Institute (TMI).",
     ("Anna Lind", "affiliatedWith", "Tartu Marine Institute")),
    # possessive
    ("possessive", "Russia's Kaldoria region is cold in winter.", ("Kaldoria region", "locatedIn", "Russia")),
    ("possessive", "The Baltic Policy Institute's Ocean Research Department published a report.",
     ("Ocean Research Department", "partOf", "Baltic Policy Institute")),
    # its_part
    ("its_part", "The Nordvik Technical University and its School of Marine Engineering hosted the fair.",
     ("School of Marine Engineering", "partOf", "Nordvik Technical University")),
    ("its_part", "Lecturers came from the Nordvik Technical University (NTU), whose Faculty of Marine Engineering "
                 "hosts them.", ("Faculty of Marine Engineering", "partOf", "Nordvik Technical University")),
    ("its_part", "Latvia's Baikal Railway Institute said it admitted 310 Estonian students, most of them to its "
                 "Faculty of Rolling Stock.", ("Faculty of Rolling Stock", "partOf", "Baikal Railway Institute")),
    ("title_apposition", "Kazakh students will study at the Nordvik Technical University in April, its dean, Jonas "
                         "Berg, said.",
     ("Jonas Berg", "leaderOf", "Nordvik Technical University")),
    # name_prefix
    ("name_prefix", "Anna Varkonyi gave evidence to the House of Lords Economic Affairs Committee on Tuesday.",
     ("House of Lords Economic Affairs Committee", "partOf", "House of Lords")),
    ("name_prefix", "Figures from the FSB Border Service show a rise.", ("FSB Border Service", "partOf", "FSB")),
    # a known body named "of" a country inside a unit's name: no mention of its own to read "of" after
    ("name_prefix", "Officials at the Bank of Japan Monetary Affairs Department said rates would stay.",
     ("Bank of Japan Monetary Affairs Department", "partOf", "Bank of Japan")),
    ("name_prefix", "The Nordvik Polytechnic Institute (NPI) opened the NPI Chemistry Department.",
     ("NPI Chemistry Department", "partOf", "Nordvik Polytechnic Institute")),
    ("name_prefix", "The Federal Security Service (FSB) border service detained the men.",
     ("FSB border service", "partOf", "Federal Security Service")),
    # based_in
    ("based_in", "A Berlin-based think tank, the Eastern Policy Forum, published the study.",
     ("Eastern Policy Forum", "locatedIn", "Berlin")),
    ("place_description", "Floods hit Kaldoria County. The minister flew to Velsk, the county's main town, on Monday.",
     ("Velsk", "locatedIn", "Kaldoria County")),
    ("place_description", "Talks were held in Bergen, the administrative center of Norway's Vestland county.",
     ("Bergen", "locatedIn", "Vestland county")),
    # person_of_org
    ("person_of_org", "Officials met Rep. Han Dong-wook of the Democratic Party on Monday.",
     ("Han Dong-wook", "affiliatedWith", "Democratic Party")),
    # located_in
    ("located_in", "Nordvik Technical University was founded in 1962 and is located in Bergen.",
     ("Nordvik Technical University", "locatedIn", "Bergen")),
    # title_of_place_before_name
    ("title_of_place_before_name", "Governor of Russia's Amur Region Mikhail Bereznyakov and Kim Tae Hyok signed "
                                   "the deal.", ("Mikhail Bereznyakov", "leaderOf", "Amur Oblast")),
    # part_description
    ("part_description", "Nordvik Shipping grew. Nordvik Tankers, one of the group's three divisions, did best.",
     ("Nordvik Tankers", "partOf", "Nordvik Shipping")),
    ("org_in_place", "Students will spend a year at NTU's campus in Bergen.", ("NTU", "locatedIn", "Bergen")),
    ("org_in_place", "The groups flew on Air Koryo, North Korea's state airline.", ("Air Koryo", "locatedIn", "North Korea")),
    # place_comma_country
    ("place_comma_country", "The university is in Toronto, Ontario.", ("Toronto", "locatedIn", "Ontario")),
    ("place_comma_country", "The festival took place in Narvik, Norway last year.", ("Narvik", "locatedIn", "Norway")),
    ("place_comma_country", "The ship docked in Kaldorsk, Russia on Monday.", ("Kaldorsk", "locatedIn", "Russia")),
    # a wire dateline on a line of its own, its city in capitals that the model does not see
    ("place_comma_country", "KELDAVIK, Norway (AP)\nThe ferry sank on Monday.", ("KELDAVIK", "locatedIn", "Norway")),
    ("place_comma_country", "A new clinic opened in Ciudad Obregón, Sonora, on Monday.",
     ("Ciudad Obregón", "locatedIn", "Sonora")),
    # visit_verb
    ("visit_verb", "Tartu Marine Institute officials visited Oslo Fjord University in March.",
     ("Tartu Marine Institute", "visited", "Oslo Fjord University")),
    ("visit_verb", "The Baltic Ocean Agency delegation traveled to China in May.",
     ("Baltic Ocean Agency", "visited", "China")),
    ("visit_verb", "The Tartu Marine Institute delegation toured Pyongyang and Moscow.",
     ("Tartu Marine Institute", "visited", "Pyongyang")),
    ("visit_verb", "The Tartu Marine Institute delegation toured Pyongyang and Moscow.",
     ("Tartu Marine Institute", "visited", "Moscow")),
    ("visit_verb", "A delegation from the Tartu Marine Institute spent a week in Norway. The delegation arrived in "
                   "Bergen on May 3.", ("Tartu Marine Institute", "visited", "Bergen")),
    ("visit_verb", "Anna Berg, a teacher from Bergen who visited Riga in May, praised the hotels.",
     ("Anna Berg", "visited", "Riga")),
    ("visit_verb", "A delegation from the Baltic Ocean Agency came to Riga. The guests toured the Nordvik Shipping "
                   "plant.", ("Baltic Ocean Agency", "visited", "Nordvik Shipping")),
    ("visit_verb", "Deputy Minister Ilse Berg arrived in Riga. The deputy minister toured a plant operated by Nordvik "
                   "Shipping.", ("Ilse Berg", "visited", "Nordvik Shipping")),
    ("visit_verb", "The talks were held in Riga, where the delegation from the Baltic Ocean Agency arrived on Monday.",
     ("Baltic Ocean Agency", "visited", "Riga")),
    ("visit_verb", "The Tartu Marine Institute sent a delegation of nine professors to Bergen in May.",
     ("Tartu Marine Institute", "visited", "Bergen")),
    # agreement
    ("agreement", "Sweden signed an agreement with Latvia on Monday.", ("Sweden", "agreementWith", "Latvia")),
    ("agreement", "Russia and Ukraine signed a grain deal.", ("Russia", "agreementWith", "Ukraine")),
    ("agreement", "The Tartu Marine Institute inked a memorandum with Oslo Fjord University.",
     ("Tartu Marine Institute", "agreementWith", "Oslo Fjord University")),
    ("agreement", "A memorandum between Oslo Fjord University and the Tartu Marine Institute was signed.",
     ("Oslo Fjord University", "agreementWith", "Tartu Marine Institute")),
    # capital -> country metonymy, the countries being named elsewhere in the document
    ("agreement", "Moscow and Beijing signed a trade pact, Russian and Chinese media reported.",
     ("Russia", "agreementWith", "China")),
    ("agreement", "Oslo Fjord University signed a memorandum of understanding on academic cooperation with the "
                  "Tartu Marine Institute.", ("Oslo Fjord University", "agreementWith", "Tartu Marine Institute")),
    # citation
    ("citation", "The Baltic Times, citing data from the Latvian Border Service, reported the arrests.",
     ("Baltic Times", "cites", "Latvian Border Service")),
    ("citation", "Data from the Latvian Border Service was cited by the Baltic Times.",
     ("Baltic Times", "cites", "Latvian Border Service")),
    ("citation", "Using data from the Baltic Ocean Agency, the Baltic Times estimated the losses.",
     ("Baltic Times", "cites", "Baltic Ocean Agency")),
    ("citation", "The Latvian Border Service said 40 people were detained, according to the Baltic News Network.",
     ("Baltic News Network", "cites", "Latvian Border Service")),
    ("citation", "The Baltic News Agency quoted a statement by the Latvian Border Service on Monday.",
     ("Baltic News Agency", "cites", "Latvian Border Service")),
    ("citation", "The Latvian Border Service told Interfax that 40 people had been detained.",
     ("Interfax", "cites", "Latvian Border Service")),
    # deployment
    ("deployment", "The deployment of Chinese troops to Russia worried analysts.", ("China", "deployedTo", "Russia")),
    ("deployment", "North Korean troops were deployed to Russia, officials in Seoul said.",
     ("North Korea", "deployedTo", "Russia")),
    ("deployment", "Thousands of North Korean soldiers are stationed in Russia's Kaldoria region.",
     ("North Korea", "deployedTo", "Kaldoria region")),
    # party_title_before_name: the party written as an adjective the model takes for no entity
    ("party_title_before_name", "On Monday Conservative leader Ian Pell met voters in Leeds.",
     ("Ian Pell", "leaderOf", "Conservative")),
    ("party_title_before_name", "The plan was attacked by Green MP Rosa Quill, who sits for a Green seat.",
     ("Rosa Quill", "affiliatedWith", "Green")),
    ("party_title_before_name", "He met Liberal co-chairman Ed Marsh in Leeds, and the Liberal faithful cheered.",
     ("Ed Marsh", "affiliatedWith", "Liberal")),
    ("party_title_before_name", "Later Green Home Affairs spokesman Lena Tarr spoke, and the Green vote held up.",
     ("Lena Tarr", "affiliatedWith", "Green")),
    # a portfolio between the party and the title; "shadow" makes a minister's title a party's
    ("party_title_before_name", "The Green benches cheered. Green shadow transport secretary Ola Brandt said no.",
     ("Ola Brandt", "affiliatedWith", "Green")),
    ("party_title_before_name", "The Verdant Party lost seats, and Verdant campaign chief Ivo Sand blamed the rain.",
     ("Ivo Sand", "affiliatedWith", "Verdant Party")),
    ("title_before_name", "Halden Radio political correspondent Mia Dahl said the vote was close.",
     ("Mia Dahl", "affiliatedWith", "Halden Radio")),
    ("role_apposition", "Tomas Varga, the Green MP for Eastfield, said the Green vote held.",
     ("Tomas Varga", "affiliatedWith", "Green")),
    ("role_apposition", "Lars Kvist, NATO air policy chief, said the jets were ready.",
     ("Lars Kvist", "affiliatedWith", "North Atlantic Treaty Organization")),
    ("minister_of_ministry", "The Home Office said so. Home Secretary Ivo Sand agreed.",
     ("Ivo Sand", "leaderOf", "Home Office")),
    ("minister_of_ministry", "The Department of Health will pay, said Health Minister Ola Brandt.",
     ("Ola Brandt", "affiliatedWith", "Department of Health")),
    ("title_before_name", "The Verdant Party's Holyrood leader Ivo Sand wrote to him.",
     ("Ivo Sand", "affiliatedWith", "Verdant Party")),
    ("title_apposition", "The chairman of the Halden Institute's audit committee, Ola Brandt, said so.",
     ("Ola Brandt", "affiliatedWith", "Halden Institute")),
    ("person_of_org", "Mira Lund of Fennick Foods dairy subsidiary Kordex Systems said sales rose.",
     ("Mira Lund", "affiliatedWith", "Kordex Systems")),
    ("person_of_org", "Professor Stephen Olavi of the Halden Institute told reporters Kordex Systems would pay.",
     ("Stephen Olavi", "affiliatedWith", "Halden Institute")),
    ("possessive", "Ola Tarvey's Kelda Party won two seats in the election.",
     ("Ola Tarvey", "affiliatedWith", "Kelda Party")),
    # a party the model calls a group of people, opening the sentence; its chairman is an officer
    ("title_before_name", "Tory leader Ivo Sand opened the campaign in Leeds on Monday.",
     ("Ivo Sand", "leaderOf", "Tory")),
    ("title_before_name", "Tory chairman Ivo Sand wrote to every candidate.", ("Ivo Sand", "affiliatedWith", "Tory")),
    # a party the model calls a group, owning a title through a possessive
    ("role_apposition", "Ola Tarvey, the Liberal Democrats' transport spokesman, called the plan reckless.",
     ("Ola Tarvey", "affiliatedWith", "Liberal Democrats")),
    ("role_apposition", "Ivo Sand, the Greens' energy spokesman, wrote to ministers.", ("Ivo Sand", "affiliatedWith", "Greens")),
    ("title_before_name", "The Liberal Democrats' housing spokesman Ivo Sand wrote to the council.",
     ("Ivo Sand", "affiliatedWith", "Liberal Democrats")),
    ("person_of_org", "Professor Ana Berg, of the Halden Institute, was sceptical.",
     ("Ana Berg", "affiliatedWith", "Halden Institute")),
    ("title_apposition", "The Welsh Liberal Party leader, Anna Morgan, questioned the plan.",
     ("Anna Morgan", "leaderOf", "Welsh Liberal Party")),
    # the other constructions, read by the rules that already existed
    ("possessive", "Microsoft's Bill Gates said the deal was off.", ("Bill Gates", "affiliatedWith", "Microsoft")),
    ("role_apposition", "The report was written by Maria Okafor, a professor at Halden University.",
     ("Maria Okafor", "affiliatedWith", "Halden University")),
    ("agreement", "Norvik Polytechnic signed agreements with Halden University, the Tarsk Institute and Ostra College.",
     ("Norvik Polytechnic", "agreementWith", "Ostra College")),
    ("citation", "Reuters reported the figures, citing Eurostat data.", ("Reuters", "cites", "Eurostat")),
    ("person_of_org", "The maps are useful, said Peter Novak from the Nordic Space Centre.",
     ("Peter Novak", "affiliatedWith", "Nordic Space Centre")),
    ("led_by", "Vantage Media, the company controlled by Australian billionaire Rupert Murdoch, grew.",
     ("Rupert Murdoch", "leaderOf", "Vantage Media")),
    ("person_of_org", "The race was won by Ana Silva of Brazil.", ("Ana Silva", "affiliatedWith", "Brazil")),
    # country_noun_before_name
    ("country_noun_before_name", "Staunton is ahead of fellow UK star Kate Winslet in the betting.",
     ("Kate Winslet", "affiliatedWith", "United Kingdom")),
    ("country_noun_before_name", "Ana Silva won while Belgium rival Kim Gevaert was second.",
     ("Kim Gevaert", "affiliatedWith", "Belgium")),
    # works_for
    ("person_of_org", "The agency said that Anna Varkonyi, 47, of the Nordic Space Agency and Peter Novak of "
                      "NASA had been chosen.", ("Anna Varkonyi", "affiliatedWith", "Nordic Space Agency")),
    ("title_of_place_before_name", "First Deputy Commander of the Baltic Fleet Anna Varkonyi flew to the site.",
     ("Anna Varkonyi", "affiliatedWith", "Baltic Fleet")),
    ("title_of_place_before_name", "Chairman of the Harbour Audit Committee Anna Varkonyi said the plan was wrong.",
     ("Anna Varkonyi", "leaderOf", "Harbour Audit Committee")),
    ("title_of_place_before_name", "Secretary General of NATO Anna Varkonyi opened the session.",
     ("Anna Varkonyi", "leaderOf", "North Atlantic Treaty Organization")),
    ("member_as", "Ola Tarvey named Anna Varkonyi as Labour candidate for Leeds.",
     ("Anna Varkonyi", "affiliatedWith", "Labour")),
    ("member_as", "Anna Varkonyi will step down as a Labour MP when the election comes.",
     ("Anna Varkonyi", "affiliatedWith", "Labour")),
    ("member_as", "Anna Varkonyi stood as a Liberal Democrat candidate in Leeds.",
     ("Anna Varkonyi", "affiliatedWith", "Liberal Democrat")),
    ("member_as", "Anna Varkonyi was elected as Green Party leader in 2003.", ("Anna Varkonyi", "leaderOf", "Green Party")),
    ("works_for", "Maria Lopez, who works for the Andes Water Agency, disagreed.",
     ("Maria Lopez", "affiliatedWith", "Andes Water Agency")),
    ("works_for", "Peter Novak works in the mapping department of the Nordic Space Centre.",
     ("Peter Novak", "affiliatedWith", "Nordic Space Centre")),
    ("works_for", "Tomas Berg joined Kestrel Bank in 2001.", ("Tomas Berg", "affiliatedWith", "Kestrel Bank")),
    # part_of_phrase
    ("part_of_phrase", "The Halden Institute is a member of the Nordic Research Alliance.",
     ("Halden Institute", "partOf", "Nordic Research Alliance")),
    ("part_of_phrase", "Baltic Rail, part of the Vesta Group, cut fares.", ("Baltic Rail", "partOf", "Vesta Group")),
    # a whole named by the word before its common noun, and a part named before its description
    ("part_of_phrase", "Kelda is part of the Vesta consortium.", ("Kelda", "partOf", "Vesta")),
    ("part_of_phrase", "Roads were mapped by Kelda, the NATO flood survey body that is part of the Vesta alliance.",
     ("Kelda", "partOf", "Vesta")),
    # place_in_place
    ("place_in_place", "The Halvik Nature Reserve in the Yunling Province of southwest China shelters rare deer.",
     ("Yunling Province", "locatedIn", "China")),
    ("place_in_place", "She was treated at a clinic in Tarnby in eastern Denmark.", ("Tarnby", "locatedIn", "Denmark")),
    # every place of a list before the one its state or country follows
    ("place_comma_country", "Flooding closed the road between Salida and Gunnison, Colorado.",
     ("Salida", "locatedIn", "Colorado")),
    ("place_in_place", "Storms hit Bergen and Trondheim in Norway overnight.", ("Bergen", "locatedIn", "Norway")),
    # credit_line
    ("credit_line", "PY0101010106 Lisbon Radio Renascenca Network in Portuguese 0900 GMT 1 Jan 06",
     ("Radio Renascenca Network", "locatedIn", "Lisbon")),
    # company_descriptor
    ("company_descriptor", "Shares in Canadian packaging firm Norcrest Holdings rose on Monday.",
     ("Norcrest Holdings", "locatedIn", "Canada")),
    ("company_descriptor", "The bid came from German group Kessler Werke.", ("Kessler Werke", "locatedIn", "Germany")),
    ("company_descriptor", "Investors sold shares of UK drinks and food firm Hallam Holdings.",
     ("Hallam Holdings", "locatedIn", "United Kingdom")),
    # a county and its state; a firm "of" its city
    ("place_comma_country", "A depot was listed in Hollis County, Ala., on Monday.",
     ("Hollis County", "locatedIn", "Alabama")),
    ("of_the_parent", "Creditors such as Hallam Trust Co. of Denver said they will file a plan.",
     ("Hallam Trust Co", "locatedIn", "Denver")),
    # person_of_org through a possessive, and for both of two people
    ("person_of_org", "Surgeon Anna Berg of Oslo's Halden School of Medicine disputed the findings.",
     ("Anna Berg", "affiliatedWith", "Halden School of Medicine")),
    ("person_of_org", "Peter Tarvey and Mark Reddle of Halden University said the tests were sound.",
     ("Peter Tarvey", "affiliatedWith", "Halden University")),
    # an ordinal says which president, not that he had a portfolio
    ("title_apposition", "In 1902 the 9th president of Varnia, Ola Tarvey, was born in a farmhouse.",
     ("Ola Tarvey", "leaderOf", "Varnia")),
    # a one-word office after a title word is the office ("Chief Treasury Secretary")
    ("title_before_name", "Chief Treasury Secretary Ola Tarvey said the sums were wrong.",
     ("Ola Tarvey", "affiliatedWith", "Treasury")),
    # a country before a lower-case noun and a title: its national
    ("title_before_name", "She met her Chinese counterpart Minister Wu Tarvey in May.",
     ("Wu Tarvey", "affiliatedWith", "China")),
    # a party of two words opening the sentence; of one, after a capitalised adjective
    ("party_title_before_name", "Liberal Democrat leader Ola Tarvey said so.",
     ("Ola Tarvey", "leaderOf", "Liberal Democrat")),
    ("party_title_before_name", "Prospective Tory candidate Ola Tarvey said so. The Tory vote held.",
     ("Ola Tarvey", "affiliatedWith", "Tory")),
    ("party_title_before_name", "Earlier Tory leader Ivo Tarvey sent his thanks.",
     ("Ivo Tarvey", "leaderOf", "Tory")),
    ("party_title_before_name", '"It is bad." Lib Dem foreign affairs spokesman Ola Tarvey said so.',
     ("Ola Tarvey", "affiliatedWith", "Lib Dem")),
    # judges and candidates are titles
    ("title_before_name", "Durban High Court Judge A.B. Tarvey refused the request.",
     ("A.B. Tarvey", "affiliatedWith", "Durban High Court")),
    # organization_before_name: a party written right before a person's name
    ("organization_before_name", "But Lib Dem Ola Reddle blamed ministers. The Lib Dems disagreed.",
     ("Ola Reddle", "affiliatedWith", "Lib Dem")),
    # an honorific between the title and the name; a portfolio named after an office
    ("title_before_name", "Yesterday the Verdant Party chief executive Lord Tarvey said it was ready.",
     ("Tarvey", "leaderOf", "Verdant Party")),
    ("title_before_name", "Lib Dem Treasury spokesman Ola Reddle called the plans fantasy. The Lib Dems agreed.",
     ("Ola Reddle", "affiliatedWith", "Lib Dem")),
    # "the watchdog's" refers back to the body named before; a chief of a trade is one of its people
    ("title_before_name", "The Halden Markets Commission acted. Later the watchdog's chief accountant "
                          "Ola Tarvey called the method weak.",
     ("Ola Tarvey", "affiliatedWith", "Halden Markets Commission")),
    # person_of_org between commas: "for" the party, "from" what the apposition says it is
    ("person_of_org", "Ann Weller, for the Verdant Party, said the plan was wrong.",
     ("Ann Weller", "affiliatedWith", "Verdant Party")),
    ("person_of_org", "Mr Reddle, from the charity Shelter Norge, said the figures were alarming.",
     ("Reddle", "affiliatedWith", "Shelter Norge")),
    # a company's chairman leads it; a body named inside a description employs; an outlet's unit is part of it
    ("title_before_name", "Orvik Timber chairman Elin Sorvik said profits fell.", ("Elin Sorvik", "leaderOf", "Orvik Timber")),
    ("role_apposition", "The figures were wrong, said Dana Ilves, an analyst with the Nordic Housing Trust research group.",
     ("Dana Ilves", "affiliatedWith", "Nordic Housing Trust")),
    ("possessive", "The BBC's World Service cut ten jobs.", ("World Service", "partOf", "BBC")),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(CASES)])
def test_relation(nlp, rule, text, expected):
    ex = extract(nlp, text)
    assert expected in triples(ex), triples(ex)
    assert rule in rules_for(ex, expected)


def test_every_rule_has_a_case():
    assert {rule.__name__ for rule in RULES} == {rule for rule, _, _ in CASES}


def test_capital_metonymy_without_the_country_named(nlp):
    ex = extract(nlp, "Stockholm and Riga inked a defence pact.")
    keys = {e.key for e in ex.entities}
    assert all(r.subject in keys and r.object in keys for r in ex.relations)
    assert ("Sweden", "agreementWith", "Latvia") in triples(ex)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Former President Taras Melnyk of Ukraine spoke at the forum.", ("Taras Melnyk", "leaderOf", "Ukraine")),
        ("Chinese Foreign Minister Wei Lan met reporters.", ("Wei Lan", "leaderOf", "China")),
        ("Ukrainian Deputy Prime Minister Oksana Koval met reporters.", ("Oksana Koval", "leaderOf", "Ukraine")),
        ("Peter Varga, a former rector of Danube Polytechnic University, welcomed the guests.",
         ("Peter Varga", "leaderOf", "Danube Polytechnic University")),
        ("The Baltic Ocean Agency leads the search, Ilse Berg said.", ("Ilse Berg", "leaderOf", "Baltic Ocean Agency")),
        ("Russia, China and Ukraine held joint drills.", None),
        ("Latvia, Estonia, and Lithuania held joint drills.", None),
        ("Maria Lopez is the deputy director of the Andes Water Agency.",
         ("Maria Lopez", "leaderOf", "Andes Water Agency")),
        ("Latvia's Ministry of Defence disagreed, said Swedish Defence Minister Erik Holm.",
         ("Erik Holm", "leaderOf", "Ministry of Defence")),
        ("The Latvian Border Service detained 40 people, according to the Ministry of the Interior.", None),
        ("The Baltic Times reported the arrests, and the Latvian Border Service confirmed them.", None),
        ("The weather in Riga was cold, and Sweden prepared for snow.", None),
        # the "-based" phrase describes a name the model missed; the company named next is another
        # the signer agreed with each partner; the partners did not agree with each other
        ("Norvik Polytechnic signed agreements with Halden University, the Tarsk Institute and Ostra College.",
         ("Halden University", "agreementWith", "Tarsk Institute")),
        # a country's adjective says where someone is from, not what they are for
        ("Australian billionaire Rupert Murdoch spoke.", ("Rupert Murdoch", "affiliatedWith", "Australia")),
        # the gazetteer puts Lima in Peru: the runner's name is no place in Brazil
        ("The race was won by Ana Lima of Brazil.", ("Lima", "locatedIn", "Brazil")),
        # a capitalised word that only opens the sentence is no party
        ("Rebel leader Amos Garu spoke in Juba.", ("Amos Garu", "leaderOf", "Rebel")),
        ("British MP Rosa Quill spoke in Leeds.", ("Rosa Quill", "affiliatedWith", "British")),
        # ", from Leeds" says where someone comes from, not whom they work for
        ("Ola Brandt, from Leeds, was freed on Tuesday.", ("Ola Brandt", "affiliatedWith", "Leeds")),
        ("The Home Office agreed. Home affairs spokesman Ivo Sand said it was wrong.",
         ("Ivo Sand", "affiliatedWith", "Home")),
        ("The Home Office said so. Shadow Home Secretary Ivo Sand disagreed.", ("Ivo Sand", "leaderOf", "Home Office")),
        ("The Verdant Party's Holyrood leader Ivo Sand wrote to him.", ("Ivo Sand", "leaderOf", "Holyrood")),
        ("The chairman of the Halden Institute's audit committee, Ola Brandt, said so.",
         ("Ola Brandt", "leaderOf", "Halden Institute")),
        ("Labour won. Labour's election chief Ivo Sand denied it.", ("Ivo Sand", "leaderOf", "Labour")),
        # a name that only qualifies the noun possessed is not what is possessed
        ("The Verdant Party has lost one of its two Tarsk Council members.",
         ("Tarsk Council", "partOf", "Verdant Party")),
        ("The Verdant Party's Holyrood leader, Ivo Sand, welcomed the move.",
         ("Holyrood", "partOf", "Verdant Party")),
        # an organization whose name only starts with a people's adjective is no party
        ("The Welsh Institute for Health opened. Welsh Health Minister Jane Hutt said no.",
         ("Jane Hutt", "affiliatedWith", "Welsh Institute for Health")),
        ("Labour won the seat. Ex-Labour leader Neil Kinnock spoke.", ("Neil Kinnock", "leaderOf", "Labour")),
        # the campaign's chief or the air policy chief leads no party or alliance; a former MP is not one
        ("The Verdant Party lost seats, and Verdant campaign chief Ivo Sand blamed the rain.",
         ("Ivo Sand", "leaderOf", "Verdant Party")),
        ("Verdant voters stayed home, and Verdant campaign chief Ivo Sand blamed the rain.",
         ("Ivo Sand", "affiliatedWith", "Verdant")),  # a chief of a word the text never names as a party
        ("Lars Kvist, NATO air policy chief, said the jets were ready.",
         ("Lars Kvist", "leaderOf", "North Atlantic Treaty Organization")),
        ("Tomas Varga, the former Green MP, said the Green vote held.", ("Tomas Varga", "affiliatedWith", "Green")),
        ("Veldhoven Optica, an Eindhoven-based lens maker, grew. Later Brabant Chips Inc said it would hire.",
         ("Brabant Chips Inc", "locatedIn", "Eindhoven")),
        # an organization before a name in another phrase, or after an article, is no party of the person's
        ("Two aides told the BBC Anna Berg would stand down.", ("Anna Berg", "affiliatedWith", "BBC")),
        ("US Undersecretary of State Ola Tarvey arrived on Monday.", ("Ola Tarvey", "affiliatedWith", "State")),
        # "New Home Secretary X": a capitalised portfolio is no way past to an owner
        ("New Home Secretary Ola Tarvey promised a review.",
         ("Ola Tarvey", "affiliatedWith", "New")),
        # a capitalised adjective opening the sentence is no part of the party
        ("Former Conservative leader Ola Tarvey said so.", ("Ola Tarvey", "leaderOf", "Former Conservative")),
        ("Prospective Tory candidate Ola Tarvey said so. The Tory vote held.",
         ("Ola Tarvey", "affiliatedWith", "Prospective Tory")),
        # a regional director leads a branch; an association "of" a country is no part of it
        ("Ola Tarvey, regional director of the Halden Ramblers Alliance, said the walk was full.",
         ("Ola Tarvey", "leaderOf", "Halden Ramblers Alliance")),
        ("The march was organised by the Cyclists Association of Norway, which wants safer roads.",
         ("Cyclists Association of Norway", "partOf", "Norway")),
        # a nightclub owner owns the nightclub, not the city before it
        ("Tulsa nightclub owner Ola Tarvey shot the suspect.", ("Ola Tarvey", "affiliatedWith", "Tulsa")),
        # "headed" the body, in its city: led it, no trip
        ("Ann Weller headed the Institute for Water Studies in Atlanta before 1990.", ("Ann Weller", "visited", "Atlanta")),
        # the chief financial officer is no head of the bank
        ("Kestrel Bank said profits fell. The bank's chief financial officer Ann Weller resigned.",
         ("Ann Weller", "leaderOf", "Kestrel Bank")),
        # a shadow minister speaks for the opposition, not for the office
        ("Shadow Treasury chief secretary Ola Pennick said the finances were poor.",
         ("Ola Pennick", "leaderOf", "Treasury")),
        # "for" outside commas is what was voted for, not whom one works for
        ("Ann Weller voted for the Verdant Party in May.", ("Ann Weller", "affiliatedWith", "Verdant Party")),
        # a visit not yet made, or not made at all, is no visit
        ("Foreign Secretary Elin Sorvik will visit Tallinn next week.", ("Elin Sorvik", "visited", "Tallinn")),
        ("Elin Sorvik is to visit Tallinn in May.", ("Elin Sorvik", "visited", "Tallinn")),
        ("Elin Sorvik plans to travel to Tallinn before the summit.", ("Elin Sorvik", "visited", "Tallinn")),
        ("Elin Sorvik did not visit Tallinn.", ("Elin Sorvik", "visited", "Tallinn")),
        # going to a university is studying there
        ("After the army, Dana Ilves decided to go to Tartu University to read law.",
         ("Dana Ilves", "visited", "Tartu University")),
        # an MP for a seat is no member of it; a body described is not the one named before; a
        # role under a modal is none
        ("The motion was tabled on Tuesday by Dana Ilves, MP for Saarford and Kell.", None),
        ("The Kelda Regulatory Office published its report. Dana Ilves, chairman of the Commons public accounts "
         "committee, called it overdue.", None),
        ("Were she elected, Dana Ilves would be the chairman of the Tallinn Port Authority.", None),
        # a two-word party in an apposition is named whole
        ("Dana Ilves, Liberal Democrat culture spokeswoman, wants the museums free again.",
         ("Dana Ilves", "affiliatedWith", "Democrat")),
        # the head of a unit does not lead the whole
        ("Elin Sorvik, head of the Estonian delegation, spoke first.", ("Elin Sorvik", "leaderOf", "Estonia")),
        ("Elin Sorvik, the commander of Latvian forces in the north, spoke first.", ("Elin Sorvik", "leaderOf", "Latvia")),
        # a past leader with an end date, a former role in an apposition
        ("Dana Ilves, who led the Reform Party from 1990 until 1997, now teaches law.",
         ("Dana Ilves", "leaderOf", "Reform Party")),
        ("Dana Ilves, a former Reform Party minister and now a banker, criticised the plan.",
         ("Dana Ilves", "affiliatedWith", "Reform Party")),
        # an outlet's programme is no part of it
        ("He spoke on Kelda TV's Sunday Programme.", ("Sunday Programme", "partOf", "Kelda TV")),
        # a former title before the body; a town after an age is a hometown
        ("Former Commander of the Baltic Fleet Anna Varkonyi flew to the site.",
         ("Anna Varkonyi", "affiliatedWith", "Baltic Fleet")),
        ("Ola Tarvey named Anna Varkonyi as Labour candidate for Leeds.", ("Ola Tarvey", "affiliatedWith", "Labour")),
        # a former role, however far the name hangs from it
        ("Anna Varkonyi, a barrister and former chairman of the Kelda Trust, said the law was clear.",
         ("Anna Varkonyi", "affiliatedWith", "Kelda Trust")),
        # a party's unnamed spokesman is no sign that the person named after is the party's
        ("A Kelda Party spokesman criticised Anna Varkonyi's record, saying police numbers had fallen.",
         ("Anna Varkonyi", "affiliatedWith", "Kelda Party")),
        # a role left, a role "to" a body one is sent to
        ("Anna Varkonyi stepped down as Kelda Rovers chairman in March last year.",
         ("Anna Varkonyi", "affiliatedWith", "Kelda Rovers")),
        ("Anna Varkonyi quit as a Labour MP last year.", ("Anna Varkonyi", "affiliatedWith", "Labour")),
        ("Anna Varkonyi, the Estonian representative to the United Nations, spoke first.",
         ("Anna Varkonyi", "affiliatedWith", "United Nations")),
        # a rival is no part of the company it competes with, however the parser hangs it
        ("Fennick Foods and its two main rivals - market leader Kelda Dairy and Vesta Milk - share the market.",
         ("Kelda Dairy", "partOf", "Fennick Foods")),
        ("Fennick Foods said its rival, Kelda Dairy, had cut prices.", ("Kelda Dairy", "partOf", "Fennick Foods")),
        # a party's leader in a legislature leads its members there
        ("Ivo Sand, leader of the Kelda Party in the assembly, said homes faced rises.",
         ("Ivo Sand", "leaderOf", "Kelda Party")),
        # a visit to come, told by the verb that governs the noun or by the noun's modifier
        ("Ivo Sand is to join Anna Varkonyi in a visit to Tartu on Thursday.", ("Ivo Sand", "visited", "Tartu")),
        ("Ivo Sand's planned visit to Tartu was cancelled.", ("Ivo Sand", "visited", "Tartu")),
        # one of two chairmen; a party's chairman, the party known by "the party" after it
        ("Ivo Sand, the Kelda Trust co-chairman, said the plan was sound.", ("Ivo Sand", "leaderOf", "Kelda Trust")),
        ("UKIP chairman Ivo Sand urged the men to step down. The party said it would act.",
         ("Ivo Sand", "leaderOf", "UKIP")),
        ("Ola Tarvey spoke to the House of Lords Constitution Committee. The House of Lords Record Office "
         "opened.", ("House of Lords Record Office", "partOf", "House of Lords Constitution Committee")),
        # a party's chairman leads none of it; a place's MP is no place of the party
        ("Tory chairman Ivo Sand wrote to every candidate.", ("Ivo Sand", "leaderOf", "Tory")),
        ("Wales's only Kelda Party MP Ivo Sand voted against the bill.", ("Kelda Party", "locatedIn", "Wales")),
        ("Ola Tarvey's Kelda Group chief executive Ivo Sand resigned.", ("Ola Tarvey", "affiliatedWith", "Kelda Group")),
        # a person's party before a title is the titled one's
        ("Anna Varkonyi's Kelda Party MP Ivo Sand wrote to her.", ("Anna Varkonyi", "affiliatedWith", "Kelda Party")),
        # of the body named last, which the first name only describes
        ("Mira Lund of Fennick Foods dairy subsidiary Kordex Systems said sales rose.",
         ("Mira Lund", "affiliatedWith", "Fennick Foods")),
        ("Professor Stephen Olavi of the Halden Institute told reporters Kordex Systems would pay.",
         ("Stephen Olavi", "affiliatedWith", "Kordex Systems")),
    ],
)
def test_no_relation(nlp, text, absent):
    ex = extract(nlp, text)
    if absent is None:
        assert ex.relations == (), triples(ex)
    else:
        assert absent not in triples(ex)


def test_former_before_the_owner_gives_no_leader(nlp):
    ex = extract(nlp, "Former Ukrainian President Taras Melnyk spoke at the forum.")
    assert ("Taras Melnyk", "leaderOf", "Ukraine") not in triples(ex)


def test_a_town_between_commas_is_where_a_person_lives(nlp):
    ex = extract(nlp, "Ole Brandt, of Burnley, said the club had let its fans down.")
    assert not [t for t in triples(ex) if t[0] == "Ole Brandt"], triples(ex)


def test_a_list_of_countries_is_where_a_firm_works_not_where_it_is(nlp):
    ex = extract(nlp, "Fennick Foods is a global food group with operations in Estonia, Latvia, Poland and Spain.")
    assert not [t for t in triples(ex) if t[1] == "locatedIn"], triples(ex)


@pytest.mark.parametrize("text", [
    "The row led to the resignation of Fennick Foods chairman Ole Brandt in May.",
    "Ole Brandt, who was chairman of the Kelda Trust until 2001, said it was wrong.",
])
def test_a_role_that_ended_gives_no_relation(nlp, text):
    ex = extract(nlp, text)
    assert not [t for t in triples(ex) if t[0] == "Ole Brandt"], triples(ex)


# -- events ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "cls", "participants", "place"),
    [
        ("Tartu Marine Institute officials visited Oslo Fjord University in March.", "Visit",
         {"Tartu Marine Institute", "Oslo Fjord University"}, None),
        ("NATO Secretary-General Ruud Janssen arrived in Kyiv.", "Visit", {"Ruud Janssen", "Kyiv"}, "Kyiv"),
        ("The Tartu Marine Institute delegation toured Pyongyang and Moscow.", "Visit",
         {"Tartu Marine Institute", "Pyongyang", "Moscow"}, "Pyongyang"),
        ("Sweden signed an agreement with Latvia on Monday.", "Signing", {"Sweden", "Latvia"}, "Latvia"),
        ("The deployment of Chinese troops to Russia worried analysts.", "Deployment", {"China", "Russia"}, "Russia"),
        ("The Nordvik Technical University hosted Oslo Fjord University for talks.", "Meeting",
         {"Nordvik Technical University", "Oslo Fjord University"}, None),
    ],
)
def test_event(nlp, text, cls, participants, place):
    ex = extract(nlp, text)
    by_key = names(ex)
    (event,) = [e for e in ex.events if e.cls == cls]
    assert {by_key[p] for p in event.participants} >= participants
    assert (by_key[event.place] if event.place else None) == place
    assert event.evidence.sentence == text


def test_one_visit_event_per_sentence(nlp):
    ex = extract(nlp, "The Tartu Marine Institute delegation toured Pyongyang and Moscow.")
    assert [e.cls for e in ex.events].count("Visit") == 1
    assert sum(r.predicate == "visited" for r in ex.relations) == 2


def test_event_date_is_resolved_against_the_article_date(nlp):
    ex = extract(nlp, "The Baltic Ocean Agency delegation traveled to China in May.", date="2024-11-09")
    (visit,) = [e for e in ex.events if e.cls == "Visit"]
    assert visit.date == "2024-05-01"


# -- evidence -------------------------------------------------------------------------------
ARTICLE = """Riga port reopens to cruise ships

The Baltic Ocean Agency (BOA), headed by Ilse Berg, released new figures on Friday.
Tartu Marine Institute officials visited Oslo Fjord University in March.   Sweden signed an agreement with Latvia on Monday.
The Baltic Times, citing data from the BOA, said 1,200 vessels docked in Riga in 2023.
"""


def test_evidence_offsets_slice_the_document(nlp):
    ex = extract(nlp, ARTICLE, date="2024-11-09")
    facts = [*ex.relations, *ex.events, *ex.observations]
    assert {r.predicate for r in ex.relations} >= {"leaderOf", "visited", "agreementWith", "cites"}
    assert ex.events and ex.observations
    for fact in facts:
        ev = fact.evidence
        assert ARTICLE[ev.start:ev.end] == ev.sentence
        assert ev.sentence == ev.sentence.strip() and "\n" not in ev.sentence


def test_relations_are_well_formed(nlp):
    ex = extract(nlp, ARTICLE, date="2024-11-09")
    keys = {e.key for e in ex.entities}
    for r in ex.relations:
        assert r.predicate in RELATIONS
        assert r.subject in keys and r.object in keys and r.subject != r.object
        assert r.extractor in {rule.__name__ for rule in RULES}
        assert 0 < r.confidence <= 1


def test_a_party_chairman_is_one_of_its_people_not_its_leader(nlp):
    ex = extract(nlp, "Green Party chairman Elin Sorvik said the vote was close. Two Green Party MPs agreed.")
    assert ("Elin Sorvik", "affiliatedWith", "Green Party") in triples(ex)
    assert ("Elin Sorvik", "leaderOf", "Green Party") not in triples(ex)


def test_a_chairman_of_a_body_led_by_another_is_one_of_its_people(nlp):
    ex = extract(nlp, "Vell Union leader Dana Ilves stayed on. Vell Union's chairman Edda Holm resigned in March.")
    assert ("Dana Ilves", "leaderOf", "Vell Union") in triples(ex)
    assert ("Edda Holm", "affiliatedWith", "Vell Union") in triples(ex)
    assert ("Edda Holm", "leaderOf", "Vell Union") not in triples(ex)


@pytest.mark.parametrize(("text", "person", "body"), [
    ("Senate leader Dana Ilves postponed the vote on the budget.", "Dana Ilves", "Senate"),
    ("Kelda Trust founder Dana Ilves left the board last year.", "Dana Ilves", "Kelda Trust"),
    ("Dana Ilves, leader of the Reform Party group in the city council, objected.", "Dana Ilves", "Reform Party"),
    ("Ole Brandt, leader of the Labour group on Newham Council, disagreed.", "Ole Brandt", "Labour"),
    # a department's head: of a part of the body
    ("Mara Quillon, legal director of the charity Fairwater Aid, said the ruling was unfair.", "Mara Quillon",
     "Fairwater Aid"),
    ("Ole Brandt, the marketing director of Fennick Foods, said sales rose.", "Ole Brandt", "Fennick Foods"),
    ("Fennick Foods finance director Ole Brandt said profits would fall.", "Ole Brandt", "Fennick Foods"),
])
def test_titles_that_do_not_head_the_body_named(nlp, text, person, body):
    found = triples(extract(nlp, text))
    assert (person, "affiliatedWith", body) in found and (person, "leaderOf", body) not in found, found


def test_a_managing_director_heads_the_company(nlp):
    found = triples(extract(nlp, "Ole Brandt, the managing director of Fennick Foods, said sales rose."))
    assert ("Ole Brandt", "leaderOf", "Fennick Foods") in found, found


def test_a_director_for_a_region_works_for_the_country_that_names_him(nlp):
    ex = extract(nlp, "Estonia's Africa Director Dana Ilves opened the talks in Nairobi.")
    assert ("Dana Ilves", "leaderOf", "Africa") not in triples(ex)
    assert ("Dana Ilves", "affiliatedWith", "Estonia") in triples(ex)


def test_a_two_word_party_written_twice_stays_whole_though_its_last_word_stands_alone(nlp):
    ex = extract(nlp, "The senator thanked Democrat Ruth Vance. Liberal Democrat transport spokesman Dana Ilves "
                      "objected. \"It is too late.\" Liberal Democrat leader Edda Holm agreed.")
    assert ("Dana Ilves", "affiliatedWith", "Liberal Democrat") in triples(ex)
    assert not [t for t in triples(ex) if t[2] == "Democrat"], triples(ex)


@pytest.fixture
def british_outlet(nlp):
    """The session's pipeline with the United Kingdom as its home country (`--home-country UK`)."""
    with home_country_set(nlp, "UK"):
        yield nlp


@pytest.mark.parametrize(("text", "expected"), [
    ("Chancellor Ole Brandt said the budget would balance.", ("Ole Brandt", "affiliatedWith", "United Kingdom")),
    ("The plan was backed by Home Secretary Ole Brandt on Monday.",
     ("Ole Brandt", "affiliatedWith", "United Kingdom")),
    ("Fees will rise, said immigration minister Ole Brandt.", ("Ole Brandt", "affiliatedWith", "United Kingdom")),
    ("Prime Minister Ole Brandt opened the debate.", ("Ole Brandt", "leaderOf", "United Kingdom")),
    ("Deputy Prime Minister Ole Brandt opened the debate.", ("Ole Brandt", "affiliatedWith", "United Kingdom")),
])
def test_a_government_title_without_a_country_is_the_home_countrys(british_outlet, text, expected):
    ex = extract(british_outlet, text)
    assert expected in triples(ex), triples(ex)
    assert rules_for(ex, expected) == {"home_country_title"}
    if expected[1] == "affiliatedWith":
        assert (expected[0], "leaderOf", expected[2]) not in triples(ex)


@pytest.mark.parametrize("text", [
    "Shadow home secretary Ole Brandt said the plan would fail.",  # the opposition's
    "Former trade minister Ole Brandt said the plan would fail.",
    "Tory shadow chancellor Ole Brandt said the plan would fail.",
    "President Ole Brandt said the plan would fail.",  # a head of state with no country: a foreign one
    "First Minister Ole Brandt said the plan would fail.",  # a devolved government's head
    "Last week Ms Varga and First Minister Ole Brandt met supporters.",
    "The plan was backed by party secretary Ole Brandt.",
    "The scandal led to the resignation of immigration minister Ole Brandt last year.",  # no longer
    "Nobody knows how good a prime minister Ole Brandt would make.",
    "French Foreign Minister Ole Brandt arrived in Paris. Foreign Minister Ole Brandt met the press.",
    # an article on another country: its ministers are that country's
    "Turkey's economy grew by 9%. Growth in Turkey will slow, Finance Minister Ole Brandt said in Ankara.",
    # an article on a region of the home country: its ministers may be the region's
    "Culture Minister Ole Brandt said museums in Wales would stay free. Visitors to Wales rose by a third.",
])
def test_titles_the_home_country_does_not_own(british_outlet, text):
    found = triples(extract(british_outlet, text))
    assert not [t for t in found if t[2] == "United Kingdom"], found


def test_no_home_country_no_owner_for_a_bare_title(nlp):
    assert not triples(extract(nlp, "Chancellor Ole Brandt said the budget would balance."))


def test_the_home_country_is_the_one_the_article_names(british_outlet):
    ex = extract(british_outlet, "Britain will vote in May. Chancellor Ole Brandt said the budget would balance.")
    countries = [e for e in ex.entities if e.cls == "Country"]
    assert [e.name for e in countries] == ["United Kingdom"] and countries[0].mentions, countries
    assert ("Ole Brandt", "affiliatedWith", "United Kingdom") in triples(ex)


def test_a_list_of_names_by_commas_alone_puts_none_in_the_last(nlp):
    ex = extract(nlp, "Subs not used: Weaver, Salida, Gunnison, Jordan.")
    assert ("Salida", "locatedIn", "Jordan") not in triples(ex)


def test_a_member_of_a_community_is_no_member_of_its_country(nlp):
    ex = extract(nlp, "Lord Edda Holm, who is a prominent member of Britain's Estonian community, spoke.")
    assert not [t for t in triples(ex) if t[0] == "Edda Holm" and t[2] == "United Kingdom"], triples(ex)


def test_an_assistant_coach_does_not_lead_the_team(nlp):
    found = triples(extract(nlp, "Kelda Rovers assistant coach Edda Holm quit."))
    assert ("Edda Holm", "leaderOf", "Kelda Rovers") not in found, found


@pytest.mark.parametrize(("text", "wrong"), [
    # a listed place the gazetteer puts in another country, by rule or by the model
    ("Flights from London and Springfield, Illinois, were cancelled.", ("London", "locatedIn", "Illinois")),
    # a state listed before a county of another state
    ("Depots in Texas and Henry County, Ala., were listed.", ("Texas", "locatedIn", "Alabama")),
])
def test_a_list_puts_no_place_where_it_is_not(nlp, text, wrong):
    assert wrong not in triples(extract(nlp, text))


def test_an_age_then_a_body_at_the_end_of_a_text(nlp):
    # a caption with no full stop: the organization ends the text, and reading past the age
    # must not look beyond it
    ex = extract(nlp, "Anna Varkonyi, 47, of NASA")
    assert {e.name for e in ex.entities} >= {"Anna Varkonyi", "NASA"}
