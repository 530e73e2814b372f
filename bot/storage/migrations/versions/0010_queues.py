"""queues: team notes on call-backs and referrals (the dashboard's call-back and referral pages, issue 16)

Revision ID: 0010_queues
Revises: 0009_checkins
Create Date: 2026-12-05 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

import bot.storage.models.types

revision: str = "0010_queues"
down_revision: str | None = "0009_checkins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _note_table(name: str, parent: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(f"{parent}_id", sa.Integer(), nullable=False),
        sa.Column("at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("by", AutoString(length=40), nullable=False),
        sa.Column("text", AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint([f"{parent}_id"], [f"{parent}.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_{parent}_id"), [f"{parent}_id"], unique=False)


def upgrade() -> None:
    _note_table("callback_note", "callback")
    _note_table("referral_note", "referral")


def downgrade() -> None:
    for name, parent in (("referral_note", "referral"), ("callback_note", "callback")):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_{parent}_id"))
        op.drop_table(name)
