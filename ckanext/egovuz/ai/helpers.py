"""Template helpers of the AI data pages."""

from __future__ import annotations

from . import scoring


def get_helpers():
    return {"egovuz_ai_criteria_labels": scoring.criteria_labels}
