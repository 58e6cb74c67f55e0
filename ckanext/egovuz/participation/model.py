"""Tables of public participation (S-PROP, S-PASS-9/10, S-PANEL-1/2/4). Created by the
plugin's alembic migrations (ckanext/egovuz/migration/egovuz_participation/); the
definitions here are SQLAlchemy Core tables on CKAN's metadata, used by the actions."""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from ckan.model import meta


def make_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime.datetime:
    return datetime.datetime.utcnow()


# --- proposals (S-PROP) -------------------------------------------------------------
proposal_table = sa.Table(
    "egovuz_proposal",
    meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True, default=make_uuid),
    sa.Column("title", sa.UnicodeText, nullable=False),
    sa.Column("description", sa.UnicodeText, nullable=False),
    sa.Column("sphere_id", sa.UnicodeText, nullable=True),  # a CKAN group
    sa.Column("suggested_org_id", sa.UnicodeText, nullable=True),  # what the author thinks
    sa.Column("org_id", sa.UnicodeText, nullable=True),  # picked by the operator
    sa.Column("state", sa.Unicode(16), nullable=False, default="submitted"),
    sa.Column("reject_reason", sa.UnicodeText, nullable=True),
    sa.Column("dataset_id", sa.UnicodeText, nullable=True),  # the dataset that fulfils it
    sa.Column("user_id", sa.UnicodeText, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
    sa.Column("modified", sa.DateTime, nullable=False, default=utcnow),
    # the search that found nothing and led to the proposal (normalized like the search
    # log: lower case, spaces collapsed, apostrophes as ')
    sa.Column("search_query", sa.UnicodeText, nullable=True),
)

proposal_vote_table = sa.Table(
    "egovuz_proposal_vote",
    meta.metadata,
    sa.Column(
        "proposal_id",
        sa.UnicodeText,
        sa.ForeignKey("egovuz_proposal.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("user_id", sa.UnicodeText, primary_key=True),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
)

proposal_event_table = sa.Table(
    "egovuz_proposal_event",
    meta.metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column(
        "proposal_id",
        sa.UnicodeText,
        sa.ForeignKey("egovuz_proposal.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("from_state", sa.Unicode(16), nullable=True),
    sa.Column("to_state", sa.Unicode(16), nullable=False),
    sa.Column("actor_id", sa.UnicodeText, nullable=True),
    sa.Column("comment", sa.UnicodeText, nullable=True),
    sa.Column("org_id", sa.UnicodeText, nullable=True),
    sa.Column("dataset_id", sa.UnicodeText, nullable=True),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
)

# --- ratings (S-PASS-9) -------------------------------------------------------------
rating_table = sa.Table(
    "egovuz_rating",
    meta.metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("user_id", sa.UnicodeText, primary_key=True),
    sa.Column("rating", sa.SmallInteger, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
    sa.Column("modified", sa.DateTime, nullable=False, default=utcnow),
    sa.CheckConstraint("rating BETWEEN 1 AND 5", name="egovuz_rating_range"),
)

# --- comments (S-PASS-10) -----------------------------------------------------------
comment_table = sa.Table(
    "egovuz_comment",
    meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True, default=make_uuid),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column(
        "parent_id",
        sa.UnicodeText,
        sa.ForeignKey("egovuz_comment.id", ondelete="CASCADE"),
        nullable=True,
    ),
    sa.Column("user_id", sa.UnicodeText, nullable=False),
    sa.Column("body", sa.UnicodeText, nullable=False),
    sa.Column("state", sa.Unicode(16), nullable=False, default="active"),  # active hidden deleted
    sa.Column("moderated_by", sa.UnicodeText, nullable=True),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
    sa.Column("modified", sa.DateTime, nullable=False, default=utcnow),
)

# --- survey (S-PANEL-2) -------------------------------------------------------------
survey_table = sa.Table(
    "egovuz_survey_answer",
    meta.metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("found_site", sa.Unicode(32), nullable=False),
    sa.Column("found_site_other", sa.UnicodeText, nullable=True),
    sa.Column("found_info", sa.Unicode(32), nullable=False),
    sa.Column("found_info_other", sa.UnicodeText, nullable=True),
    sa.Column("purpose", sa.Unicode(32), nullable=False),
    sa.Column("purpose_other", sa.UnicodeText, nullable=True),
    sa.Column("user_id", sa.UnicodeText, nullable=True),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
)

# --- feedback (S-PANEL-4) -----------------------------------------------------------
feedback_table = sa.Table(
    "egovuz_feedback",
    meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True, default=make_uuid),
    sa.Column("full_name", sa.UnicodeText, nullable=False),
    sa.Column("email", sa.UnicodeText, nullable=False),
    sa.Column("message", sa.UnicodeText, nullable=False),
    sa.Column("state", sa.Unicode(16), nullable=False, default="new"),  # new in_progress answered
    sa.Column("note", sa.UnicodeText, nullable=True),  # operator's note
    sa.Column("user_id", sa.UnicodeText, nullable=True),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
    sa.Column("modified", sa.DateTime, nullable=False, default=utcnow),
)

# --- FAQ (S-PANEL-1) ----------------------------------------------------------------
faq_table = sa.Table(
    "egovuz_faq",
    meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True, default=make_uuid),
    sa.Column("question_uz", sa.UnicodeText, nullable=False),
    sa.Column("answer_uz", sa.UnicodeText, nullable=False),
    sa.Column("question_ru", sa.UnicodeText, nullable=True),
    sa.Column("answer_ru", sa.UnicodeText, nullable=True),
    sa.Column("question_en", sa.UnicodeText, nullable=True),
    sa.Column("answer_en", sa.UnicodeText, nullable=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("created", sa.DateTime, nullable=False, default=utcnow),
    sa.Column("modified", sa.DateTime, nullable=False, default=utcnow),
)


def row_dict(row) -> dict:
    d = dict(row._mapping)
    for k, v in d.items():
        if isinstance(v, datetime.datetime):
            d[k] = v.isoformat()
    return d
