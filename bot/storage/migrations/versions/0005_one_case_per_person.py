"""one case per person: crisis hold, timeline, resolution labels, missed-risk feedback

Adds to ``escalation``: ``hold_until`` (the crisis hold), ``about`` (self | other), ``label`` and
``label_category`` (the feedback loop); the tables ``escalation_message`` (the case's timeline) and
``risk_feedback`` (messages a practitioner flagged as missed risk).

Revision ID: 0005_one_case_per_person
Revises: 0004
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import safeguarding.models

revision: str = "0005_one_case_per_person"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hold_until", safeguarding.models.AwareDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "about", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="self"
            )
        )
        batch_op.add_column(sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("label_category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
    op.create_table(
        "escalation_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("created_at", safeguarding.models.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("escalation_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escalation_message_escalation_id"), ["escalation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_escalation_message_message_id"), ["message_id"], unique=False)
    op.create_table(
        "risk_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("flagged_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", safeguarding.models.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )


def downgrade() -> None:
    op.drop_table("risk_feedback")
    with op.batch_alter_table("escalation_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_message_message_id"))
        batch_op.drop_index(batch_op.f("ix_escalation_message_escalation_id"))
    op.drop_table("escalation_message")
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_column("label_category")
        batch_op.drop_column("label")
        batch_op.drop_column("about")
        batch_op.drop_column("hold_until")
