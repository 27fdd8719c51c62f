"""The subjects the stored queries are grouped by, in the order a reader meets them, with their
names in English and Bulgarian.

Each stored query names its own subject in its header (``# topic: missions``), beside its title in
both languages (``# title:``, ``# title-bg:``); this table only says what each subject is called
and in which order the Queries page lists them. A header naming a subject that is not here is an
error (:func:`kzgraph.asking.queries.parse_query`), so a query never drops out of the page unseen."""

from __future__ import annotations

TOPICS: dict[str, dict[str, str]] = {
    "states": {"en": "A state at a glance", "bg": "Една държава накратко"},
    "relations": {"en": "Diplomatic relations and recognitions", "bg": "Дипломатически отношения и признаване"},
    "missions": {"en": "Embassies, consulates and other missions", "bg": "Посолства, консулства и други представителства"},
    "memberships": {"en": "Organisations and memberships", "bg": "Организации и членства"},
    "agreements": {"en": "Agreements, visits and meetings", "bg": "Споразумения, посещения и срещи"},
    "judgements": {"en": "Judgements, views and quotations", "bg": "Оценки, мнения и цитати"},
    "people": {"en": "People and offices", "bg": "Личности и длъжности"},
    "territory": {"en": "Borders, places and figures", "bg": "Граници, места и числа"},
    "sources": {"en": "Sources: sections and references", "bg": "Източници: раздели и цитирани източници"},
    "quality": {"en": "Data quality: notes, doubts and gaps", "bg": "Качество на данните: бележки, съмнения и пропуски"},
}


def topic_name(topic: str, lang: str) -> str:
    """The name of ``topic`` in ``lang`` (English when it has none there)."""
    names = TOPICS[topic]
    return names.get(lang) or names["en"]
