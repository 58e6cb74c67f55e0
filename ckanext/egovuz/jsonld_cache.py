"""The dataset page's JSON-LD blocks (ckanext-dcat's schema.org `structured_data` and
Croissant helpers), and each dataset's DCAT triples (passport/dcat.py: the catalogue
and the dataset's RDF), kept once made (issue 14).

Every dataset page and each of its tabs builds both documents: an RDF graph from the
dataset through the DCAT profiles (loaded again on every call), serialized to JSON-LD,
Croissant then framed by pyld. That was about a third of the dataset page's CPU time.
The same dataset dict in the same language gives the same document, so it is kept in a
small per-process cache keyed by a digest of the dict itself (a dataset changed, or seen
with other rights, is a different key) and the language; entries expire after TTL
seconds so that changes outside the dict (an organization's title, a profile's
configuration) show within minutes."""

from __future__ import annotations

import collections
import copy
import hashlib
import json
import threading
import time
from typing import Any, Callable

from ckan import plugins
from ckan.plugins import toolkit as tk

TTL = 300
SIZE = 512  # a few catalogue pages of 100 datasets, and the pages' blocks
_cache: collections.OrderedDict = collections.OrderedDict()
_lock = threading.Lock()


def _lang() -> str | None:
    """The request's language; none outside a request (a CLI command, a job)."""
    from flask import has_request_context

    return tk.h.lang() if has_request_context() else None


def _key(name: str, dataset_dict: dict, args: tuple, kwargs: dict, per_language: bool) -> str:
    text = json.dumps(
        [name, _lang() if per_language else None, dataset_dict, args, kwargs],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cached(
    name: str,
    make: Callable[[], Any],
    dataset_dict: dict,
    args: tuple,
    kwargs: dict,
    per_language: bool = True,
) -> Any:
    """`make()`'s value for this dataset dict, kept TTL seconds; `per_language=False` for
    what the page's language does not change (one copy, not one per language)."""
    key = _key(name, dataset_dict, args, kwargs, per_language)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] > now:
            _cache.move_to_end(key)
            return hit[1]
    value = make()
    with _lock:
        _cache[key] = (now + TTL, value)
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
    return value


# the serializers add to the dict they are given: each gets its own copy, so that the
# template's dataset (and so the next key) stays as it was
@tk.chained_helper
def structured_data(next_helper, dataset_dict, *args, **kwargs):
    return cached(
        "structured_data",
        lambda: next_helper(copy.deepcopy(dataset_dict), *args, **kwargs),
        dataset_dict,
        args,
        kwargs,
    )


@tk.chained_helper
def croissant(next_helper, dataset_dict, *args, **kwargs):
    return cached(
        "croissant",
        lambda: next_helper(copy.deepcopy(dataset_dict), *args, **kwargs),
        dataset_dict,
        args,
        kwargs,
    )


def get_helpers() -> dict[str, Callable]:
    """The chained helpers for the dcat plugins that are loaded (a chained helper of a
    helper nobody provides stops CKAN from starting)."""
    helpers = {}
    if plugins.plugin_loaded("structured_data"):
        helpers["structured_data"] = structured_data
    if plugins.plugin_loaded("croissant"):
        helpers["croissant"] = croissant
    return helpers
