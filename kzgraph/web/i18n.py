"""The interface in English and Bulgarian: texts, month names, labels of other vocabularies' terms."""

from __future__ import annotations

import re

from .terms import DCT, ORG, OWL, PROV, RDF_NS, RDFS, SKOS, XSD


UI: dict[str, dict[str, str]] = {
    "en": {
        "site": "kzgraph", "tagline": "Kazakhstan's foreign relations as linked data",
        "home": "Home", "kazakhstan": "Kazakhstan", "missions": "Missions", "relations": "Relations",
        "norelations": "No relations", "ontology": "Ontology", "sparql": "SPARQL", "queries": "Queries",
        "dumps": "Downloads", "void": "VoID", "search": "Search", "types": "Types",
        "properties": "Properties", "incoming": "Links to this resource", "provenance": "Source in the article",
        "quote": "Quote", "section": "Section", "reference": "Cited reference", "article": "Article",
        "notes": "Data-quality notes", "inferred": "inferred", "formats": "As data",
        "iri": "IRI", "notfound": "Not found", "didyoumean": "Did you mean", "nothing": "No resource has this address.",
        "more": "and {n} more", "instances": "{n} resources", "class": "Class", "count": "Count",
        "classes": "Classes", "objprops": "Object properties", "dataprops": "Datatype properties",
        "annprops": "Annotation properties", "individuals": "Concepts and individuals", "definition": "Definition",
        "label": "Label", "domain": "Domain", "range": "Range", "subclassof": "Subclass of",
        "subpropertyof": "Subproperty of", "inverseof": "Inverse of", "overview": "Overview",
        "triples": "Triples", "entities": "Entities", "entrypoints": "Start here", "timeline": "Timeline",
        "diagram": "Memberships and missions of Kazakhstan", "downloads": "Downloads",
        "file": "File", "mediatype": "Media type", "size": "Size", "run": "Run", "edit": "Edit",
        "query": "Query", "format": "Result format", "results": "Results", "rows": "{n} rows",
        "truncated_rows": "Only the first {n} rows are shown: the result was cut at the endpoint's limit of {limit} rows.",
        "truncated_bytes": "Only the first {n} rows are shown: the result was cut at the endpoint's limit of {limit} bytes.",
        "truncated_value": "Only the first {n} rows are shown: the next row holds a value longer than the endpoint's limit of {limit} bytes.",
        "examples": "Stored queries", "params": "Parameters", "answer": "Answer",
        "searchfor": "Search the labels", "noresults": "Nothing found.", "browse": "Browse by class",
        "language": "Language", "other": "Other", "strategy": "How addresses work",
        "static_query": "This static copy shows the results for the default parameters; run the query on a SPARQL endpoint to change them.",
        "description": "Description", "dataset": "Dataset", "license": "Licence", "source": "Source",
        "download": "Download", "editor_intro": "Write a query, run it with Ctrl-Enter or the ▶ button; "
        "each stored query below opens in a tab of its own. Every prefix of the project is known without a PREFIX line:",
        "yes": "yes", "no": "no", "limits": "Limits", "noname": "(no city given)", "passage": "passage",
    },
    "bg": {
        "site": "kzgraph", "tagline": "Външните отношения на Казахстан като свързани данни",
        "home": "Начало", "kazakhstan": "Казахстан", "missions": "Представителства", "relations": "Отношения",
        "norelations": "Без отношения", "ontology": "Онтология", "sparql": "SPARQL", "queries": "Заявки",
        "dumps": "Файлове", "void": "VoID", "search": "Търсене", "types": "Типове",
        "properties": "Свойства", "incoming": "Връзки към този ресурс", "provenance": "Източник в статията",
        "quote": "Цитат", "section": "Раздел", "reference": "Цитиран източник", "article": "Статия",
        "notes": "Бележки за качеството на данните", "inferred": "изведено", "formats": "Като данни",
        "iri": "IRI", "notfound": "Не е намерено", "didyoumean": "Може би търсите", "nothing": "Няма ресурс с този адрес.",
        "more": "и още {n}", "instances": "{n} ресурса", "class": "Клас", "count": "Брой",
        "classes": "Класове", "objprops": "Обектни свойства", "dataprops": "Свойства с литерални стойности",
        "annprops": "Анотационни свойства", "individuals": "Понятия и индивиди", "definition": "Определение",
        "label": "Етикет", "domain": "Домейн", "range": "Обхват", "subclassof": "Подклас на",
        "subpropertyof": "Подсвойство на", "inverseof": "Обратно на", "overview": "Общ преглед",
        "triples": "Тройки", "entities": "Обекти", "entrypoints": "Начални точки", "timeline": "Хронология",
        "diagram": "Членства и представителства на Казахстан", "downloads": "Файлове за изтегляне",
        "file": "Файл", "mediatype": "Тип", "size": "Размер", "run": "Изпълни", "edit": "Редактирай",
        "query": "Заявка", "format": "Формат на резултата", "results": "Резултати", "rows": "{n} реда",
        "truncated_rows": "Показани са само първите {n} реда: резултатът е отрязан при ограничението от {limit} реда.",
        "truncated_bytes": "Показани са само първите {n} реда: резултатът е отрязан при ограничението от {limit} байта.",
        "truncated_value": "Показани са само първите {n} реда: следващият ред съдържа стойност, по-дълга от ограничението от {limit} байта.",
        "examples": "Запазени заявки", "params": "Параметри", "answer": "Отговор",
        "searchfor": "Търсене в етикетите", "noresults": "Нищо не е намерено.", "browse": "Разглеждане по клас",
        "language": "Език", "other": "Друго", "strategy": "Как работят адресите",
        "static_query": "Статичното копие показва резултатите за стойностите по подразбиране; изпълнете заявката в SPARQL точка за достъп, за да ги промените.",
        "description": "Описание", "dataset": "Набор от данни", "license": "Лиценз", "source": "Източник",
        "download": "Изтегляне", "editor_intro": "Напишете заявка и я изпълнете с Ctrl-Enter или бутона ▶; "
        "всяка запазена заявка по-долу се отваря в собствен раздел. Всички префикси на проекта са известни без ред PREFIX:",
        "yes": "да", "no": "не", "limits": "Ограничения", "noname": "(градът не е посочен)", "passage": "откъс",
    },
}


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "bg": ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври",
           "ноември", "декември"],
}


EXTERNAL_LABELS: dict[str, tuple[str, str]] = {
    RDF_NS + "type": ("type", "тип"), RDFS + "label": ("label", "етикет"), RDFS + "comment": ("comment", "коментар"),
    RDFS + "seeAlso": ("see also", "вижте също"), RDFS + "subClassOf": ("subclass of", "подклас на"),
    RDFS + "isDefinedBy": ("defined by", "дефинирано в"),
    SKOS + "prefLabel": ("preferred label", "предпочитан етикет"), SKOS + "hiddenLabel": ("hidden label", "скрит етикет"),
    SKOS + "definition": ("definition", "определение"), SKOS + "closeMatch": ("close match", "близко съответствие"),
    OWL + "sameAs": ("same as", "същото като"), PROV + "wasDerivedFrom": ("derived from", "извлечено от"),
    PROV + "value": ("quoted text", "цитиран текст"), PROV + "wasQuotedFrom": ("quoted from", "цитирано от"),
    PROV + "wasAttributedTo": ("attributed to", "приписано на"),
    ORG + "memberOf": ("member of", "член на"), ORG + "hasUnit": ("has unit", "има звено"),
    ORG + "unitOf": ("unit of", "звено на"), ORG + "member": ("member", "член"),
    ORG + "organization": ("organization", "организация"), ORG + "role": ("role", "роля"),
    ORG + "memberDuring": ("member during", "член през"), ORG + "holds": ("holds", "заема"),
    ORG + "postIn": ("post in", "длъжност в"), ORG + "subOrganizationOf": ("part of", "част от"),
    DCT + "title": ("title", "заглавие"), DCT + "isPartOf": ("part of", "част от"),
    DCT + "bibliographicCitation": ("citation", "библиографско описание"),
    DCT + "isReferencedBy": ("referenced by", "цитирано в"), DCT + "source": ("source", "източник"),
    DCT + "license": ("licence", "лиценз"), DCT + "alternative": ("alternative title", "друго заглавие"),
    DCT + "issued": ("issued", "издадено"), DCT + "created": ("created", "създадено"),
    DCT + "creator": ("creator", "създател"), DCT + "language": ("language", "език"),
    DCT + "description": ("description", "описание"),
    "http://www.w3.org/2006/time#hasBeginning": ("begins", "начало"),
    "http://www.w3.org/2006/time#inXSDDate": ("date", "дата"),
    "http://www.w3.org/2006/time#inXSDgYearMonth": ("month", "месец"),
    "https://schema.org/url": ("web address", "уеб адрес"),
    PROV + "Entity": ("provenance entity", "обект с произход"),
    ORG + "Organization": ("organization", "организация"), ORG + "FormalOrganization": ("formal organization", "формална организация"),
    ORG + "OrganizationalUnit": ("organizational unit", "организационно звено"), ORG + "Membership": ("membership", "членство"),
    "https://schema.org/Country": ("country", "държава"), "https://schema.org/Place": ("place", "място"),
    "https://schema.org/City": ("city", "град"), "https://schema.org/Event": ("event", "събитие"),
    "https://schema.org/Person": ("person", "човек"), "https://schema.org/CreativeWork": ("creative work", "творба"),
}


def t(lang: str, key: str, **kw: object) -> str:
    text = UI.get(lang, UI["en"]).get(key) or UI["en"][key]
    return text.format(**kw) if kw else text


def humanize(local: str) -> str:
    """``wasDerivedFrom`` -> ``was derived from``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


def format_date(value: str, datatype: str, lang: str) -> str | None:
    months = MONTHS.get(lang, MONTHS["en"])
    suffix = " г." if lang == "bg" else ""
    if datatype == XSD + "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        y, m, d = value.split("-")
        return f"{int(d)} {months[int(m) - 1]} {y}{suffix}"
    if datatype == XSD + "gYearMonth" and re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
        y, m = value.split("-")
        return f"{months[int(m) - 1]} {y}{suffix}"
    if datatype == XSD + "gYear" and re.fullmatch(r"-?[0-9]{4}", value):
        return f"{value}{suffix}"
    return None
