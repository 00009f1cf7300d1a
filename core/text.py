"""Text helpers for Vietnamese: search that ignores diacritics."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case `text` and strip Vietnamese diacritics ("Hải Dương" -> "hai duong")."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def search_filter(queryset, query: str, field: str = "search_text"):
    """Keep rows whose folded search field contains every word of `query`."""
    for word in fold(query).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
