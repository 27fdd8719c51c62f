"""The vocabularies of the article's judgements: characterisations, aspects and trends.

Each term is derived from the article's own words (docs/judgements.md lists every sentence that
uses it). The ontology declares each as a ``skos:Concept`` of its scheme with the same labels and
definitions (in ``ontology/terms/quotations-assessments.ttl``; a test holds it to this table), the
model maps the YAML slug to it, and a derived assessment label uses its English or Bulgarian label.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One concept: its ontology individual, its labels and definitions in English and Bulgarian."""

    local: str
    en: str
    bg: str
    definition_en: str
    definition_bg: str


CHARACTERISATIONS: dict[str, Term] = {
    "good": Term("good", "good", "добри", 'Called good ("добри").', "Наречени добри („добри“)."),
    "strong": Term("strong", "strong", "силни", 'Called strong ("силни").', "Наречени силни („силни“)."),
    "sincere": Term("sincere", "sincere", "искрени", 'Called sincere ("искрени").', "Наречени искрени („искрени“)."),
    "close": Term(
        "close",
        "close",
        "близки",
        'Called close, in kinship or in ties ("близки по език", "близки връзки").',
        "Наречени близки по родство или връзки („близки по език“, „близки връзки“).",
    ),
    "well-developed": Term(
        "wellDeveloped", "well developed", "добре развити", 'Called well developed ("добре развити").', "Наречени добре развити."
    ),
    "developing": Term(
        "developing",
        "in development",
        "в развитие",
        'Said to be developing ("в непрекъснато развитие", "развиващ се", "се развиват", "развитие").',
        "За които се казва, че се развиват („в непрекъснато развитие“, „развиващ се“, „развитие“).",
    ),
    "positive": Term(
        "positive",
        "positive",
        "положително",
        'Said to go positively ("положително").',
        "За които се казва, че вървят положително.",
    ),
    "rapid": Term(
        "rapid",
        "rapid",
        "бързо",
        'Said to happen fast ("бързо").',
        "За които се казва, че стават бързо („бързо“).",
    ),
    "inactive": Term(
        "inactive",
        "not particularly active",
        "не особено активни",
        'Said to be not particularly active ("не са особено активни").',
        "За които се казва, че не са особено активни.",
    ),
    "changed": Term(
        "changed",
        "changed",
        "променени",
        'Said to have changed ("това се променя").',
        "За които се казва, че са се променили („това се променя“).",
    ),
    "fluctuating": Term(
        "fluctuating",
        "fluctuating",
        "колебливи",
        'Called fluctuating, wavering ("колебливи").',
        "Наречени колебливи („колебливи“).",
    ),
    "strained": Term("strained", "strained", "обтегнати", 'Called strained ("обтегнати").', "Наречени обтегнати („обтегнати“)."),
    "partner": Term("partner", "partners", "партньори", 'Called partners ("партньори").', "Наречени партньори („партньори“)."),
    "strategic-partnership": Term(
        "strategicPartnership",
        "strategic partnership",
        "стратегическо партньорство",
        'A strategic partnership ("стратегическо партньорство").',
        "Стратегическо партньорство („стратегическо партньорство“).",
    ),
    "supporter": Term(
        "supporter",
        "supporters",
        "поддръжници",
        'Called supporters of something ("поддръжници").',
        "Наречени поддръжници на нещо.",
    ),
    "major": Term(
        "major",
        "main, major",
        "главен, основен",
        'Ranked above the others of its kind ("главна", "основните", "по-големите").',
        "Поставен пред останалите от вида си („главна“, „основните“, „по-големите“).",
    ),
    "largest": Term(
        "largest",
        "largest",
        "най-голям",
        'The largest of its kind ("най-голямата").',
        "Най-големият от вида си („най-голямата“).",
    ),
    "first": Term(
        "first",
        "first of its kind",
        "първи по рода си",
        'The first of its kind ("първата"); kzo:comparedAmong says among what.',
        "Първият по рода си („първата“); kzo:comparedAmong казва сред какви.",
    ),
    "transit-country": Term(
        "transitCountry",
        "transit country",
        "транзитна страна",
        'A country goods pass through on their way elsewhere ("транзитна страна").',
        "Страна, през която стоки минават на път другаде („транзитна страна“).",
    ),
    "market": Term("market", "market", "пазар", 'A market for goods ("пазар", "пазари").', "Пазар за стоки („пазар“, „пазари“)."),
    "growing": Term(
        "growing",
        "growing",
        "нарастващ",
        'Said to grow ("нараства", "растящ", "нарастваща").',
        "За който се казва, че расте („нараства“, „растящ“, „нарастваща“).",
    ),
    "strengthening": Term(
        "strengthening",
        "strengthening",
        "засилване",
        'Said to strengthen, or to be strengthened ("засилва", "засилени").',
        "За което се казва, че засилва или е засилено („засилва“, „засилени“).",
    ),
    "priority": Term(
        "priority",
        "priority",
        "приоритет",
        'Named a priority ("приоритетни области").',
        "Посочено като приоритет („приоритетни области“).",
    ),
    "problem": Term("problem", "problem", "проблем", 'Called a problem ("проблем").', "Наречено проблем („проблем“)."),
    "corrupt": Term(
        "corrupt",
        "corrupt",
        "корумпирана",
        'Called corrupt, or said to suffer from corruption ("корумпирана", "корупцията").',
        "Наречена корумпирана или засегната от корупция („корумпирана“, „корупцията“).",
    ),
    "widespread": Term(
        "widespread",
        "widespread",
        "широко разпространена",
        'Called widespread ("широко разпространената").',
        "Наречена широко разпространена.",
    ),
    "hindering": Term(
        "hindering",
        "hindering",
        "пречещ",
        'Said to hinder an effort ("пречат").',
        "За което се казва, че пречи на усилие („пречат“).",
    ),
    "partial": Term(
        "partial",
        "only a part",
        "само част",
        'Said to be only part of the whole ("част от действителния общ обем").',
        "За което се казва, че е само част от цялото („част от действителния общ обем“).",
    ),
    "in-question": Term(
        "inQuestion", "in question", "под въпрос", 'Said to be in question ("под въпрос").', "За което се казва, че е под въпрос."
    ),
    "historic": Term(
        "historic", "historic", "историческо", 'Called historic ("историческото").', "Наречено историческо („историческото“)."
    ),
    "honour": Term("honour", "an honour", "чест", 'Called an honour ("честта").', "Наречено чест („честта“)."),
    "authoritative": Term(
        "authoritative", "authoritative", "авторитетна", 'Called authoritative ("авторитетна").', "Наречена авторитетна."
    ),
    "success": Term(
        "success",
        "success",
        "успех",
        'Said to be, or to symbolise, a success ("успехът").',
        "За което се казва, че е успех или го символизира („успехът“).",
    ),
    "opportunity": Term(
        "opportunity",
        "opportunity",
        "възможност",
        'Said to offer opportunities ("значителни възможности").',
        "За което се казва, че дава възможности („значителни възможности“).",
    ),
    "balancing": Term(
        "balancing",
        "balancing",
        "балансиране",
        'Said to balance relations with several parties ("балансира").',
        "За което се казва, че балансира отношенията си с няколко страни („балансира“).",
    ),
    "artificially-low": Term(
        "artificiallyLow",
        "artificially low",
        "изкуствено ниски",
        'Prices called artificially low ("изкуствено ниски цени").',
        "Цени, наречени изкуствено ниски („изкуствено ниски цени“).",
    ),
    "unsatisfactory": Term(
        "unsatisfactory",
        "unsatisfactory",
        "незадоволителен",
        'Said to satisfy neither side ("не задоволява", "не могат да задоволят").',
        "За което се казва, че не задоволява страните („не задоволява“).",
    ),
    "low": Term("low", "low", "нисък", 'Called low ("ниски").', "Наречено ниско („ниски“)."),
    "appreciated": Term(
        "appreciated",
        "appreciated",
        "оценен",
        'Said to be appreciated by someone ("оценява действията").',
        "За което се казва, че някой го оценява („оценява действията“).",
    ),
    "modern": Term("modern", "modern", "съвременен", 'Called modern ("съвременният").', "Наречен съвременен („съвременният“)."),
    "exemplary": Term(
        "exemplary",
        "an example to others",
        "пример за другите",
        'Called an example for others ("чудесен пример", "пример за останалите").',
        "Наречен пример за другите („чудесен пример“, „пример за останалите“).",
    ),
    "reduced": Term("reduced", "reduced", "намален", 'Called reduced ("намален").', "Наречен намален („намален“)."),
    "large": Term("large", "large", "големи", 'Called large ("големи суми").', "Наречено голямо („големи суми“)."),
    "security-based": Term(
        "securityBased",
        "founded on security",
        "основани на сигурност",
        'Said to be founded on security ("се основават … на … сигурност").',
        "За които се казва, че се основават на сигурност („се основават … на … сигурност“).",
    ),
}

ASPECTS: dict[str, Term] = {
    "economic": Term("economicAspect", "economic", "икономически", 'The economy ("икономическата").', "Икономиката."),
    "political": Term("politicalAspect", "political", "политически", 'Politics ("политическата").', "Политиката."),
    "security": Term("securityAspect", "security", "сигурност", 'Security ("сигурност").', "Сигурността."),
    "military": Term("militaryAspect", "military", "военен", 'Military matters ("военното").', "Военните въпроси."),
    "trade": Term("tradeAspect", "trade matters", "търговски въпроси", 'Trade ("търговия", "пазар").', "Търговията."),
    "strategic": Term(
        "strategicAspect", "strategic", "стратегически", 'Strategic matters ("стратегически").', "Стратегическите въпроси."
    ),
    "energy": Term(
        "energyAspect",
        "energy matters",
        "енергийни въпроси",
        'Energy, oil and gas ("енергийния", "нефт и газ").',
        "Енергетиката, нефтът и газът.",
    ),
    "educational": Term("educationalAspect", "educational", "образователен", 'Education ("образователната").', "Образованието."),
    "cultural": Term("culturalAspect", "cultural", "културен", 'Culture ("култура").', "Културата."),
    "linguistic": Term("linguisticAspect", "linguistic", "езиков", 'Language ("език").', "Езикът."),
    "religious": Term("religiousAspect", "religious", "религиозен", 'Religion ("религия").', "Религията."),
    "social": Term("socialAspect", "social", "социален", 'Society ("социалното").', "Обществото."),
    "judicial": Term("judicialAspect", "judicial", "съдебен", 'The judicial system ("съдебнатата").', "Съдебната система."),
    "infrastructure": Term(
        "infrastructureAspect", "infrastructure", "инфраструктура", 'Infrastructure ("инфраструктура").', "Инфраструктурата."
    ),
    "investment": Term(
        "investmentAspect", "investment", "инвестиции", 'Investment ("инвестиции", "инвестирали").', "Инвестициите."
    ),
    "interethnic": Term(
        "interethnicAspect",
        "interethnic",
        "междуетнически",
        'Relations between ethnic groups ("междуетническо").',
        "Отношенията между етносите.",
    ),
    "narcotics": Term(
        "narcoticsAspect", "narcotics", "наркотици", 'Illicit drugs ("наркотици").', "Забранените наркотични вещества."
    ),
    "regional-affairs": Term(
        "regionalAffairsAspect",
        "regional affairs",
        "регионални въпроси",
        'Regional issues ("регионалните въпроси").',
        "Регионалните въпроси.",
    ),
}

TRENDS: dict[str, Term] = {
    "continuing": Term(
        "continuing",
        "continuing",
        "продължаващо",
        'The text says it holds over time ("винаги", "непрекъснато", "продължават", "остават").',
        "Текстът казва, че трае във времето („винаги“, „непрекъснато“, „продължават“, „остават“).",
    ),
    "increasing": Term(
        "increasing",
        "increasing",
        "нарастващо",
        'The text says it grows ("нараства", "растящ", "засилва").',
        "Текстът казва, че нараства („нараства“, „растящ“, „засилва“).",
    ),
    "changing": Term(
        "changing",
        "changing",
        "променящо се",
        'The text says it changes ("се променя").',
        "Текстът казва, че се променя („се променя“).",
    ),
}

# Scheme name in the model -> (the terms, the ontology's class, scheme individual, labels, definitions).
SCHEMES: dict[str, tuple[dict[str, Term], Term]] = {
    "characterisation": (
        CHARACTERISATIONS,
        Term(
            "characterisations",
            "Characterisations",
            "Характеристики",
            "The words with which the article characterises a relation, state, organization, programme, policy or region.",
            "Думите, с които статията характеризира отношения, държава, организация, програма, политика или регион.",
        ),
    ),
    "aspect": (
        ASPECTS,
        Term(
            "aspects",
            "Aspects",
            "Аспекти",
            "The respects in which the article judges something: economic, political, security and others.",
            "Аспектите, в които статията оценява нещо: икономически, политически, сигурност и други.",
        ),
    ),
    "trend": (
        TRENDS,
        Term(
            "trends",
            "Trends",
            "Тенденции",
            "How the article says a judged quality runs over time.",
            "Как според статията оценяваното качество се развива във времето.",
        ),
    ),
}
