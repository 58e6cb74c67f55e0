"""What the Uzbek-aware fields need at index time beyond CKAN's dataset dict: the
organization's and the spheres' names in Russian and English (kept in group extras)."""

from __future__ import annotations

import json

from ckan import model


def _extras(names: list[str]) -> dict[str, dict]:
    if not names:
        return {}
    groups = model.Session.query(model.Group).filter(model.Group.name.in_(names)).all()
    return {g.name: {"title": g.title, **(g.extras or {})} for g in groups}


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
