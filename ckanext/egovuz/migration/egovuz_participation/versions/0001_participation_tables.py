"""participation tables: proposals with votes and events, ratings, comments, survey
answers, feedback, FAQ

Revision ID: 0001participation
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001participation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "egovuz_proposal",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False),
        sa.Column("sphere_id", sa.UnicodeText, nullable=True),
        sa.Column("suggested_org_id", sa.UnicodeText, nullable=True),
        sa.Column("org_id", sa.UnicodeText, nullable=True),
        sa.Column("state", sa.Unicode(16), nullable=False),
        sa.Column("reject_reason", sa.UnicodeText, nullable=True),
        sa.Column("dataset_id", sa.UnicodeText, nullable=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index("egovuz_proposal_state_idx", "egovuz_proposal", ["state"])
    op.create_index("egovuz_proposal_org_idx", "egovuz_proposal", ["org_id"])
    op.create_table(
        "egovuz_proposal_vote",
        sa.Column(
            "proposal_id",
            sa.UnicodeText,
            sa.ForeignKey("egovuz_proposal.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        # one vote per user per proposal
        sa.PrimaryKeyConstraint("proposal_id", "user_id", name="egovuz_proposal_vote_pkey"),
    )
    op.create_table(
        "egovuz_proposal_event",
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
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("egovuz_proposal_event_proposal_idx", "egovuz_proposal_event", ["proposal_id"])
    op.create_table(
        "egovuz_rating",
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("rating", sa.SmallInteger, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("package_id", "user_id", name="egovuz_rating_pkey"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="egovuz_rating_range"),
    )
    op.create_table(
        "egovuz_comment",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column(
            "parent_id",
            sa.UnicodeText,
            sa.ForeignKey("egovuz_comment.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.Unicode(16), nullable=False),
        sa.Column("moderated_by", sa.UnicodeText, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index("egovuz_comment_package_idx", "egovuz_comment", ["package_id", "created"])
    op.create_index("egovuz_comment_parent_idx", "egovuz_comment", ["parent_id"])
    op.create_table(
        "egovuz_survey_answer",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("found_site", sa.Unicode(32), nullable=False),
        sa.Column("found_site_other", sa.UnicodeText, nullable=True),
        sa.Column("found_info", sa.Unicode(32), nullable=False),
        sa.Column("found_info_other", sa.UnicodeText, nullable=True),
        sa.Column("purpose", sa.Unicode(32), nullable=False),
        sa.Column("purpose_other", sa.UnicodeText, nullable=True),
        sa.Column("user_id", sa.UnicodeText, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "egovuz_feedback",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("full_name", sa.UnicodeText, nullable=False),
        sa.Column("email", sa.UnicodeText, nullable=False),
        sa.Column("message", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.Unicode(16), nullable=False),
        sa.Column("note", sa.UnicodeText, nullable=True),
        sa.Column("user_id", sa.UnicodeText, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_index("egovuz_feedback_state_idx", "egovuz_feedback", ["state", "created"])
    op.create_table(
        "egovuz_faq",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("question_uz", sa.UnicodeText, nullable=False),
        sa.Column("answer_uz", sa.UnicodeText, nullable=False),
        sa.Column("question_ru", sa.UnicodeText, nullable=True),
        sa.Column("answer_ru", sa.UnicodeText, nullable=True),
        sa.Column("question_en", sa.UnicodeText, nullable=True),
        sa.Column("answer_en", sa.UnicodeText, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )


def downgrade():
    for name in (
        "egovuz_faq",
        "egovuz_feedback",
        "egovuz_survey_answer",
        "egovuz_comment",
        "egovuz_rating",
        "egovuz_proposal_event",
        "egovuz_proposal_vote",
        "egovuz_proposal",
    ):
        op.drop_table(name)
