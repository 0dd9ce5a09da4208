"""Names of languages in their own language, for language lists and switches."""
from __future__ import annotations

LANGUAGE_NAMES = {
    "en": "English", "fi": "Suomi", "sv": "Svenska", "nl": "Nederlands", "de": "Deutsch", "fr": "Français",
    "es": "Español", "it": "Italiano", "pt": "Português", "da": "Dansk", "no": "Norsk", "nb": "Norsk bokmål",
    "et": "Eesti", "lv": "Latviešu", "lt": "Lietuvių", "pl": "Polski", "cs": "Čeština", "ca": "Català",
    "eu": "Euskara", "fy": "Frysk", "se": "Davvisámegiella", "ru": "Русский", "uk": "Українська", "ar": "العربية",
    "so": "Soomaali", "tr": "Türkçe", "el": "Ελληνικά", "hu": "Magyar", "ro": "Română", "bg": "Български",
}
