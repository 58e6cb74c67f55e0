from __future__ import annotations

from ckan.logic.schema import validator_args


@validator_args
def autocomplete_schema(not_empty, unicode_safe, ignore_missing, natural_number_validator, default):
    return {
        "q": [not_empty, unicode_safe],
        "limit": [default(8), natural_number_validator],
        "lang": [ignore_missing, unicode_safe],
    }


@validator_args
def spellcheck_schema(not_empty, unicode_safe):
    return {"q": [not_empty, unicode_safe]}
