"""What the Uzbek-aware fields need at index time beyond CKAN's dataset dict: the
organization's and the spheres' names in Russian and English (kept in group extras)."""

from __future__ import annotations

import json

from ckan import model


def _extras(names: list[str]) -> dict[str, dict]:
    """Title and extras of the groups `names`: one query (it runs for every dataset
    indexed; loading the groups and then their extras took ~3 queries a dataset)."""
    if not names:
        return {}
    G, E = model.Group, model.GroupExtra
    rows = (
        model.Session.query(G.name, G.title, E.key, E.value)
        .outerjoin(E, E.group_id == G.id)
        .filter(G.name.in_(names))
        .all()
    )
    out: dict[str, dict] = {}
    for name, title, key, value in rows:
        info = out.setdefault(name, {"title": title})
        if key is not None:
            info[key] = value
    return out


def before_index(pkg_dict: dict) -> dict:
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    org = (validated.get("organization") or {}).get("name")
    spheres = [g.get("name") for g in validated.get("groups") or [] if g.get("name")]
    info = _extras(([org] if org else []) + spheres)
    if org in info:
        for lang in ("ru", "en"):
            if info[org].get(f"title_{lang}"):
                pkg_dict[f"organization_title_{lang}"] = info[org][f"title_{lang}"]
    titles: dict[str, list[str]] = {"": [], "_ru": [], "_en": []}
    for name in spheres:
        g = info.get(name) or {}
        for suffix in titles:
            value = g.get(f"title{suffix}")
            if value:
                titles[suffix].append(value)
    for suffix, values in titles.items():
        if values:
            pkg_dict[f"groups_title{suffix}"] = values
    return pkg_dict
