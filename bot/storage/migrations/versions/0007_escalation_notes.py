"""escalation notes: a practitioner's notes on a case (the shared note action, SMS/CLI/web)

Revision ID: 0007_escalation_notes
Revises: 0006_dispatch_claims
Create Date: 2026-12-05 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import safeguarding.models

revision: str = "0007_escalation_notes"
down_revision: str | None = "0006_dispatch_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalation_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_at", safeguarding.models.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("escalation_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_escalation_note_escalation_id"), ["escalation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("escalation_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_note_escalation_id"))
    op.drop_table("escalation_note")
