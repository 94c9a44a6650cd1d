"""A corpus of mentoring notes with planted identifiers, built from templates x values.

Every planted identifier records its category, the text it was written as and the pieces that
must not survive scrubbing (as regexes: a surname, the digits of a record number, the year of
a birth date ...). The clean sentences carry no identifier at all and measure over-scrubbing:
words a mentor would write that are also names ("hope", "Will you ..."), medical capitals,
numbers, months, places that are not addresses.

The values are written here by hand and deliberately go beyond the lists the scrubber ships:
many given names, surnames and hospitals below are in no list it has, so what the corpus
measures is the rules, not a lookup of its own answers.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field

# What the pair's database knows (display names and addresses), as in a real export.
KNOWN_NAMES = ["Chidi Okafor", "Siobhán O'Connor", "Hope Grant", "Will Turner", "Priya Raman"]
KNOWN_EMAILS = ["chidi.okafor@example.ac.uk", "siobhan.oc@example.org"]

NBSP = "\u00a0"


@dataclass(frozen=True)
class Planted:
    category: str
    text: str
    value: str
    leaks: tuple[str, ...] = field(default=())  # regexes; any match in the output is a leak
    template: str = "{v}"  # the sentence around it, for over-scrubbing of the words beside it


def _word(piece: str) -> str:
    return rf"(?<![\w]){re.escape(piece)}(?!\w)"


def _name_parts(value: str) -> tuple[str, ...]:
    """The identifying words of a name: capitalised words and other scripts, not titles."""
    skip = {"de", "la", "van", "der", "von", "bin", "al", "del", "da", "dos", "den", "ter"}
    skip |= {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "herr", "frau", "mme", "mlle"}
    skip |= {"sr", "sra", "sister", "nurse", "monsieur", "señora", "dott", "ssa", "sig", "dhr"}
    skip |= {"mevr", "matron", "midwife", "madame", "fr", "dame", "sir", "med", "bint", "ibn"}
    words = re.findall(r"[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)?", value)
    parts = [w for w in words if w.lower() not in skip and len(w) > 1]
    for word in list(parts):
        for piece in re.split(r"[-'’]", word):
            if len(piece) > 2:
                parts.append(piece)
    return tuple(_word(p) for p in dict.fromkeys(parts))


def _digits(value: str) -> tuple[str, ...]:
    digits = re.sub(r"\D", "", value)
    return (rf"(?<!\d){digits}(?!\d)",)


def _expand(category, templates, values, parts) -> list[Planted]:
    out = []
    for template, value in zip(itertools.cycle(templates), values, strict=False):
        out.append(Planted(category, template.format(v=value), value, parts(value), template))
    return out


def _all(category, templates, values, parts) -> list[Planted]:
    """Every template with every value (for the small, central categories)."""
    return [Planted(category, t.format(v=v), v, parts(v), t) for t in templates for v in values]


NAME_TEMPLATES = (
    "Discussed the audit with {v} today; she is keen to present it.",
    "{v} will supervise the QI project next rotation.",
    "Spoke to {v} about the rota, and it went better than expected.",
    "The feedback from {v} was mostly about handover.",
)


def planted() -> list[Planted]:
    items: list[Planted] = []

    # Titles before names the old rules missed: capitals outside ASCII, a no-break space, no
    # space after the dot, titles in capitals, scripts without case.
    title_names = [
        "Dr Øyvind Haugen", "Professor Émile Durand", "Dr.Thompson", "Dr 李伟", "DR SMITH",
        f"Dr{NBSP}Łukasz Nowak", "Prof. Ángel Ruiz", "Dr Ólafur Jónsson", "Dr. Ümit Yılmaz",
        f"Mrs{NBSP}Ellery", "Dr Ǆenan Hodžić", "PROFESSOR ADEYEMI", "dr Kowalski", "Dr Şahin",
        "Dr. Ødegaard", "Dr Đorđević", "Dr 山田", "Dr. Ōtsuka", "Dr Çelik", "Prof Žukauskas",
        "Dr Ignatius Bellweather", "Mr. Quarshie", "Ms Vandermeulen", "Dr. med. Schäfer",
        "Dr Fitzgerald-Brown",
    ]  # fmt: skip
    items += _expand("title_unicode", NAME_TEMPLATES, title_names, _name_parts)

    more_titles = [
        "Herr Bäumler", "Frau Albrecht", "Mme Lefèvre", "M. Dupont", "Sr. García", "Sra. Ortega",
        "Prof. Lindqvist", "Sister Agnes", "Nurse Ratchett", "Mx Rowan", "Mlle Besson",
        "Monsieur Garnier", "Señora Paredes", "Dott.ssa Bianchi", "Sig. Esposito", "Dhr. Visser",
        "Mevr. Jansen", "Matron Higgins", "Midwife Okoro", "Frau Dr. Weiß", "Madame Rousseau",
        "Fr. Brennan", "Dame Pilkington", "Sir Marchbanks", "Mrs O'Halloran",
    ]  # fmt: skip
    items += _expand("title_more", NAME_TEMPLATES, more_titles, _name_parts)

    particles = [
        "Maria de la Cruz", "Jan van der Berg", "Omar bin Said", "Hamid al-Rashid",
        "Ludwig von Hohenberg", "Anneke ter Horst", "Paolo della Rovere", "João dos Santos",
        "de la Fuente", "van den Broek", "Khalid ibn Tariq", "Rosa del Valle", "Pieter de Vries",
        "al-Khouri", "Léa du Pont", "Sanne van Dijk", "Karim el-Amin", "von Brandt",
        "Ana da Silva", "Noor bint Faisal",
    ]  # fmt: skip
    items += _expand("particles", NAME_TEMPLATES, particles, _name_parts)

    scripts = [
        "Мария Иванова", "李伟", "王芳", "Γιώργος Παπαδόπουλος", "محمد الحسن", "김민준",
        "田中花子", "Ольга Смирнова", "יוסף כהן", "Αικατερίνη", "Дмитрий", "陈静", "佐藤健",
        "Fatima فاطمة", "Игорь Петров", "Σοφία Νικολάου", "박지훈", "अनिल शर्मा",
        "ศิริพร", "Nguyễn Văn An",
    ]  # fmt: skip
    items += _expand("other_scripts", NAME_TEMPLATES, scripts, _name_parts)

    # Names the database knows, inflected, possessive, without their apostrophe, or a common
    # word used as a name.
    known = [
        "Okafors", "Okafor's", "Okafors'", "OConnor", "O'Connors", "Siobhans", "Siobhán's",
        "Ramans", "Priya's", "Chidi's", "OKAFOR'S", "okafors", "Hope Grant", "Grant's",
        "Turners", "O’Connor’s", "Siobhan", "RAMAN", "Okafor’s", "Priyas",
    ]  # fmt: skip
    items += _expand(
        "known_inflected",
        (
            "We reviewed {v} portfolio together before the panel.",
            "I think {v} feedback was fair but blunt.",
            "The {v} rota problem came up again this week.",
            "Agreed that {v} case presentation needs more structure.",
        ),
        known,
        lambda v: _name_parts(v.replace("'s", "").replace("’s", "")),
    )
    items += [
        Planted("known_inflected", t, v, (_word(v),), t.replace(v, "{v}", 1))
        for t, v in [
            ("Yesterday Hope said the rota was unfair.", "Hope"),
            ("I asked Will about the teaching slot.", "Will"),
            ("We met with Hope and discussed the audit.", "Hope"),
            ("Will said he would chase the results.", "Will"),
            ("The audit belongs to Grant now.", "Grant"),
        ]
    ]

    unknown_names = [
        "Jane Okonkwo", "Lars Eriksson", "Aisha Bello", "Tomás Ferreira", "Ingrid Solberg",
        "Kwame Mensah", "Anjali Deshpande", "Mateusz Wiśniewski", "Fiona MacLeod",
        "Hiroshi Tanaka", "Amara Nwosu", "Sven Lindgren", "Chiara Colombo", "Rafael Moreno",
        "Olga Kuznetsova", "Declan Murphy", "Yusuf Demir", "Elif Aydın", "Bronwen Price",
        "Niamh Gallagher", "Priyanka", "Oluwaseun", "Guillermo", "Katarzyna", "Benedikt",
    ]  # fmt: skip
    items += _expand(
        "unknown_names",
        (
            "Then {v} asked whether the rotation could change.",
            "I shadowed {v} in clinic on Tuesday.",
            "Spoke with {v} after the MDT.",
            "Feedback came from {v}, the registrar.",
        ),
        unknown_names,
        _name_parts,
    )

    emails_idn = [
        "jürgen.müller@klinik-süd.de", "zoë@hôpital.fr", "андрей@почта.рф", "søren@sygehus.dk",
        "josé.garcía@salud.es", "łukasz@szpital.pl", "müller.anna@uni-köln.de",
        "ingrid.ødegård@sykehus.no", "李伟@例子.中国", "ana.núñez@clínica.es",
        "jane.doe@example.org", "r.patel@nhs.net", "björn@ärzte.de", "émilie@chu-lyon.fr",
        "çağla@hastane.com.tr",
    ]  # fmt: skip
    email_templates = (
        "Her address is {v} if you want the slides.",
        "Send the form to {v} before Friday.",
        "Contact: {v}.",
    )
    items += _expand(
        "email",
        email_templates,
        emails_idn,
        lambda v: (
            _word(v),
            *(_word(p) for p in re.split(r"[@._-]", v.split("@")[0]) if len(p) > 2),
        ),
    )
    obfuscated = [
        "jane dot doe at nhs dot net", "jane[at]example[dot]org", "j.smith (at) nhs.net",
        "tom AT example DOT com", "anna.b [at] charite [dot] de", "k.oduya{at}gmail{dot}com",
        "priyanka at hotmail dot co dot uk", "mo.salah(at)nhs(dot)uk", "rgreen [at] ucl.ac.uk",
        "fiona<at>outlook<dot>com", "dmitri [@] mail [.] ru", "lena at uni-bonn dot de",
        "s.okoro at gmail.com", "ben (at) example (dot) org", "h.tanaka [at] keio [dot] jp",
    ]  # fmt: skip
    items += _expand(
        "email_obfuscated",
        email_templates,
        obfuscated,
        lambda v: tuple(
            _word(p)
            for p in re.split(
                r"[\s.\[\](){}<>@]+",
                re.split(
                    r"\s*[\[({<]?\s*(?:at|@)\s*[\])}>]?\s+|\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*",
                    v,
                    flags=re.I,
                )[0],
            )
            if len(p) > 2 and p.lower() not in {"dot"}
        ),
    )

    records = [
        "MRN 12345", "MRN: 4471", "NHS number 943 476 5919", "hospital no. K12", "Fallnummer 20231234",
        "patient ID 88213", "case number 7731", "CHI 0101011234", "unit number 5543",
        "NHS no 4857773456", "record no. 66", "Patientennummer 4711", "numéro de dossier 99812",
        "MRN#778", "hospital number RX40", "Fallnr. 12-3345", "medical record number 90210",
        "episode no 31337", "lab no. 5521", "chart number 4410",
    ]  # fmt: skip
    items += _expand(
        "record_numbers",
        (
            "The patient ({v}) was discussed at the M&M meeting.",
            "Look up {v} before the teaching session.",
            "{v} was the case we debriefed.",
        ),
        records,
        lambda v: (_word(re.split(r"[\s:#.]+", v)[-1]),),
    )

    bleeps = [
        "bleep 4471", "ext. 2231", "extension 3345", "x4471", "pager 07700", "bleep 812",
        "ext 5590", "DECT 6612", "bleeper 3320", "Ext. 8841", "Durchwahl 4412", "poste 3321",
        "page me on 4402", "bleep: 2210", "extn 7781",
    ]  # fmt: skip
    items += _expand(
        "bleeps_extensions",
        ("If anything goes wrong, {v}.", "She is on {v} all week.", "Call the reg on {v}."),
        bleeps,
        _digits,
    )

    dates = [
        "12. März 1987", "third of May 1990", "born 1987-03-12", "3 de mayo de 1990",
        "le 1er mai 1990", "12 maart 1987", "the twenty-first of June 1975", "DOB 12.3.87",
        "born in 1962", "4 août 1979", "May the third, 1984", "17 settembre 1968",
        "2. Oktober 1955", "the 9th of December 1991", "24 de diciembre de 1970",
        "date of birth: 1958", "5 janvier 1983", "14 februari 1966", "geb. 1949",
        "13 giugno 1977", "first of April 1988", "Jan 5th 1960", "21.04.1983",
        "11 Juli 1972", "born on 3 March 1961",
    ]  # fmt: skip
    items += _expand(
        "dates",
        (
            "The patient in the case review ({v}) was discussed.",
            "She mentioned her father, {v}, had the same condition.",
            "Records say {v}; we used it as a teaching case.",
        ),
        dates,
        lambda v: tuple(_word(y) for y in re.findall(r"\d{4}|(?<=\.)\d{2}$", v)) or (_word(v),),
    )

    postcodes = [
        "SW1A 1AA", "M13 9WL", "EH16 4SA", "CB2 0QQ", "B15 2TH", "MN 55905", "MA 02115",
        "ZIP 10001", "CA 94143-0410", "10117 Berlin", "D-80336", "50937 Köln", "75013 Paris",
        "69003 Lyon", "1012 AB", "3584 CX Utrecht", "2333ZA", "NW3 2QG", "G12 8QQ",
        "13005 Marseille",
    ]  # fmt: skip
    items += _expand(
        "postcodes",
        (
            "The patient lives near {v} and struggles with transport.",
            "Her practice is at {v}, which is far from the hospital.",
            "Mentee moved to {v} last month.",
        ),
        postcodes,
        lambda v: (_word(v), _word(re.findall(r"[0-9]{4,5}|[A-Z]{1,2}[0-9][A-Z0-9]?", v)[-1])),
    )

    streets = [
        "221B Baker Street", "12 Elm Road", "Hauptstraße 12", "Keizersgracht 123",
        "14 rue de la Paix", "Calle Mayor 5", "3 Orchard Close", "Harley Street",
        "Via Roma 10", "Lindenallee 4", "45 Victoria Avenue", "7 Marlowe Crescent",
        "Schillerstraße 7a", "Prinsengracht 263", "3 avenue Foch", "88 Kingsway Drive",
        "Goethestr. 22", "Wilhelminalaan 9", "10 Downing Street", "Paseo del Prado 8",
    ]  # fmt: skip
    items += _expand(
        "street_addresses",
        (
            "The home visit was at {v}, a difficult one.",
            "She lives on {v} with her parents.",
            "Clinic moved to {v} in the spring.",
        ),
        streets,
        lambda v: tuple(
            _word(w)
            for w in re.findall(r"[^\W\d_][\w.]+", v)
            if w.lower()
            not in {
                "street",
                "road",
                "rue",
                "de",
                "la",
                "del",
                "avenue",
                "drive",
                "close",
                "crescent",
                "calle",
                "via",
                "paseo",
            }
        ),
    )

    hospitals = [
        "St Mary's Hospital", "Charité", "Klinikum Nord", "Mayo Clinic", "Royal Infirmary of Edinburgh",
        "Hôpital Necker", "Addenbrooke's Hospital", "Krankenhaus Düren", "CHU de Bordeaux",
        "Ospedale San Raffaele", "Leeds General Infirmary", "Klinikum Rechts der Isar",
        "St Thomas' Hospital", "Whittington Hospital", "Ninewells Hospital",
        "Universitätsklinikum Freiburg", "Great Ormond Street", "Cleveland Clinic",
        "Hospital Clínic de Barcelona", "Bristol Royal Infirmary", "Karolinska", "Papworth",
        "Ziekenhuis Amstelland", "Kantonsspital Aarau", "Stepping Hill Hospital",
    ]  # fmt: skip
    generic = {"hospital", "clinic", "klinikum", "st", "royal", "infirmary", "of", "general",
               "krankenhaus", "chu", "de", "ospedale", "hôpital", "universitätsklinikum",
               "ziekenhuis", "kantonsspital", "nord", "rechts", "der", "great", "street",
               "hill", "san"}  # fmt: skip
    items += _expand(
        "hospitals",
        (
            "She did her foundation years at {v} before moving here.",
            "The registrar from {v} is joining our rota.",
            "Presented the audit at {v} last week.",
        ),
        hospitals,
        lambda v: (
            tuple(_word(w) for w in re.findall(r"[^\W\d_][\w'’]+", v) if w.lower() not in generic)
            or (_word(v),)
        ),
    )

    ages = [
        ("a 47-year-old", "47"), ("aged 83", "83"), ("47 y/o", "47"), ("56yo", "56"),
        ("72 years old", "72"), ("34M with", "34"), ("a 61-jähriger", "61"), ("58 ans", "58"),
        ("a 19 year old", "19"), ("age 91", "91"), ("a 3-month-old", "3"), ("aged 102", "102"),
        ("29F with", "29"), ("a 66-year-old", "66"), ("age: 38", "38"), ("an 88 yr old", "88"),
        ("a 45 year-old", "45"), ("aged 17", "17"), ("a 52-yr-old", "52"), ("77 Jahre alt", "77"),
    ]  # fmt: skip
    age_templates = (
        "Case review: {v} with a rare sarcoidosis presentation.",
        "The teaching case was {v} and a late diagnosis of Fabry disease.",
    )
    for (value, number), template in zip(ages, itertools.cycle(age_templates), strict=False):
        # the exact age, but not a bound of its band ("40-49")
        leak = rf"(?<![\w\-–]){number}(?!\d|[-–]\d)"
        items.append(Planted("ages", template.format(v=value), value, (leak,), template))
    return items


CLEAN = [
    "I hope it goes well.",
    "Hope this helps with the portfolio.",
    "Will you review the grant application before Friday?",
    "Grant writing is the main goal for this term.",
    "May we move the meeting to May?",
    "Mark the audit deadline in your diary.",
    "We discussed 3 papers and 5 grants over 45 minutes in 2023.",
    "COVID-19 rota; FY1 and ST3 trainees; an R01 and a K23.",
    "2/3 of the way there; rated 7/10; 10:30 start.",
    "The grant resubmission strategy needs a clear aim.",
    "She felt the ward round on Monday was rushed.",
    "We talked about beta-blockers, β2 agonists and TNF-α inhibitors.",
    "The NICE guideline on sepsis was updated last year.",
    "He is preparing for MRCP Part 1 in the autumn.",
    "The Foundation Programme feels overwhelming at times.",
    "Royal College exams are expensive, so plan the budget.",
    "The hospital was very busy over Christmas.",
    "Clinic went well and the consultant gave good feedback.",
    "Her ICU rotation starts in August.",
    "We will meet every two weeks for six months.",
    "The QI project on handover has 40 responses so far.",
    "Reflect on one case where communication broke down.",
    "The MDT agreed on a conservative plan.",
    "Goals: finish the audit, submit the abstract, book the course.",
    "Rated the session 4 out of 5.",
    "Next step is to draft the introduction and methods.",
    "The ED was short-staffed and she covered two extra shifts.",
    "Consider applying for the academic clinical fellowship.",
    "She is interested in paediatrics but worried about the exams.",
    "Will is a word we use a lot when planning.",
    "The trust's wellbeing service offers free counselling.",
    "He presented at the regional meeting in March.",
    "Discussed work-life balance and sleep after night shifts.",
    "The ECG teaching on Thursday was popular.",
    "The journal club picked a paper on heart failure.",
    "Action: email the educational supervisor about the ARCP.",
    "Reading list: Oxford Handbook, Kumar and Clark, the BNF.",
    "In 2024 the deanery changed the rota rules.",
    "She scored 78% in the mock exam.",
    "Asked about the 12-week placement in general practice.",
    "The GP surgery placement was rewarding.",
    "Frank feedback is hard to give but useful.",
    "A rose by any other name: we joked about job titles.",
    "Grace under pressure was the theme of the talk.",
    "The Green Book chapter on vaccines is worth reading.",
    "Faith in the process matters more than speed.",
    "Max 3 goals per term, she said.",
    "The MS cohort study recruited 2023 patients.",
    "Section 2 of the Mental Health Act came up in teaching.",
    "English is her second language and she is doing great.",
    "Type 2 diabetes clinic on Wednesday afternoons.",
    "The dose was 5 mg twice daily for 14 days.",
    "She wants to improve her suturing and cannulation.",
    "Consultant feedback: thorough, kind, slightly slow.",
    "The Bristol stool chart confused the new starters.",
    "Epworth score was discussed in the sleep clinic teaching.",
    "We covered Glasgow Coma Scale and Wells score.",
    "Parkinson's disease teaching was well received.",
    "The Crohn's disease case was complex.",
    "Alzheimer's research is her long-term interest.",
    "Page 12 of the handbook covers consent.",
    "Reviewed the e-portfolio; 8 CBDs and 4 mini-CEXs done.",
    "Sunny weather made the outdoor teaching possible.",
    "Summer school applications close soon.",
    "Chase the results from the lab tomorrow.",
    "Bill the study budget to the department.",
    "Best wishes for the interview next week.",
    "Iris examination was part of the ophthalmology teaching.",
    "Young people's services are being reorganised.",
    "The long case was about heart failure with preserved ejection fraction.",
    "Will and testament questions are outside our remit.",
    "Hope and resilience were the themes of the wellbeing day.",
    "Dr Foster data was cited in the governance meeting.",
    "Pass rates improved by 12% this year.",
    "We set 3 SMART goals for the next 6 weeks.",
    "ST4 applications open in November.",
    "The clinic letter template needs a clearer plan section.",
    "HbA1c of 58 was discussed as a teaching point.",
    "Ward 7 was closed for norovirus.",
    "She prefers email over Teams for feedback.",
    "She wants to apply for General Surgery next year.",
    "Read Good Medical Practice before the ARCP.",
    "General Practice training is an option.",
    "Plastic Surgery and Trauma Clinic rotations are popular.",
    "The Eye Clinic was busy again.",
    "Balint group on Thursday afternoon.",
    "Core Surgical Training interview went well.",
    "Schwartz Rounds are monthly.",
    "We used the Calgary-Cambridge model for the consultation.",
    "The Emergency Department is understaffed.",
    "Royal College of Physicians exam in May.",
    "Health Education England funds the post.",
    "Pendleton rules for feedback worked well.",
    "Even so, you can take the long view.",
    "Here is the plan for the next block.",
    "Vitamin D 1000 IU daily was the example for patients aged 18 to 65.",
    "BP 120/80, HR 110, eGFR 45 and QTc 450 ms in the teaching case.",
    "Gentamicin 7 mg/kg and 4000 ML of fluid were in the quiz.",
]


def limits() -> list[Planted]:
    """What the scrubber is known to miss: a surname alone that no record, title or given name
    announces. Measured and reported, not held to the rates (docs/coordinator.md says so)."""
    surnames = [
        "Mensah", "Okonkwo", "Haugen", "Kowalczuk", "Bellweather", "Quarshie", "Vandermeulen",
        "Lindqvist", "Adeyemi", "Fitzwilliam",
    ]  # fmt: skip
    return _expand(
        "bare_surnames (limit)",
        (
            "I asked {v} about the audit.",
            "The registrar, {v}, was unhappy with the handover.",
        ),
        surnames,
        _name_parts,
    )


DB_KNOWS = (KNOWN_NAMES, KNOWN_EMAILS)
_WORDS = re.compile(r"\w+")


def token_changes(before: str, after: str) -> tuple[int, int]:
    """(words of `before` that scrubbing changed or removed, words of `before`)."""
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return len(a) - kept, len(a)


def leaked(item: Planted, output: str) -> bool:
    return any(re.search(pattern, output) for pattern in item.leaks)


@dataclass
class Measurement:
    planted: dict[str, int] = field(default_factory=dict)
    leaked: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    clean_changed: int = 0
    clean_words: int = 0
    context_changed: int = 0
    context_words: int = 0

    def rate(self, category: str) -> float:
        return self.leaked[category] / self.planted[category]

    @property
    def overall(self) -> float:
        counted = [c for c in self.planted if "(limit)" not in c]
        return sum(self.leaked[c] for c in counted) / sum(self.planted[c] for c in counted)

    @property
    def over_scrub(self) -> float:
        return self.clean_changed / self.clean_words

    @property
    def context_over_scrub(self) -> float:
        return self.context_changed / self.context_words

    def table(self) -> str:
        lines = [f"{'category':24} {'planted':>7} {'leaked':>6} {'rate':>6}"]
        for category, count in self.planted.items():
            lines.append(
                f"{category:24} {count:7d} {self.leaked[category]:6d} {self.rate(category):6.1%}"
            )
        total = sum(n for c, n in self.planted.items() if "(limit)" not in c)
        lost = sum(n for c, n in self.leaked.items() if "(limit)" not in c)
        lines.append(f"{'all (without limits)':24} {total:7d} {lost:6d} {self.overall:6.1%}")
        lines.append(
            f"over-scrub, clean sentences: {self.clean_changed}/{self.clean_words} words "
            f"changed ({self.over_scrub:.1%}); words around planted identifiers: "
            f"{self.context_changed}/{self.context_words} ({self.context_over_scrub:.1%})"
        )
        return "\n".join(lines)


def measure(scrub) -> Measurement:
    """Runs `scrub` (text -> text) over the corpus: leaks per category and over-scrubbing."""
    result = Measurement()
    for item in planted() + limits():
        output = scrub(item.text)
        result.planted[item.category] = result.planted.get(item.category, 0) + 1
        lost = leaked(item, output)
        result.leaked[item.category] = result.leaked.get(item.category, 0) + lost
        if lost:
            result.examples.setdefault(item.category, []).append(f"{item.text} -> {output}")
        before, after = item.template.split("{v}", 1)
        changed, words = token_changes(before + " " + after, output)
        result.context_changed += changed
        result.context_words += words
    for sentence in CLEAN:
        changed, words = token_changes(sentence, scrub(sentence))
        result.clean_changed += changed
        result.clean_words += words
    return result
