"""content items: news, legislation, glossary terms, static pages

Revision ID: 0001content
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001content"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "egovuz_content",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("kind", sa.Unicode(16), nullable=False),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("title_ru", sa.UnicodeText),
        sa.Column("title_en", sa.UnicodeText),
        sa.Column("body", sa.UnicodeText),
        sa.Column("body_ru", sa.UnicodeText),
        sa.Column("body_en", sa.UnicodeText),
        sa.Column("number", sa.UnicodeText),
        sa.Column("issuer", sa.UnicodeText),
        sa.Column("issuer_ru", sa.UnicodeText),
        sa.Column("issuer_en", sa.UnicodeText),
        sa.Column("url", sa.UnicodeText),
        sa.Column("image_url", sa.UnicodeText),
        sa.Column("published", sa.Date),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.UniqueConstraint("kind", "name", name="egovuz_content_kind_name_key"),
    )
    op.create_index("egovuz_content_kind_published_idx", "egovuz_content", ["kind", "published"])


def downgrade():
    op.drop_table("egovuz_content")
