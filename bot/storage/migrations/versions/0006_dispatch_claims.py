"""dispatch claims: who claimed an outbox row, and the workers that claim them

Adds ``message.claimed_by`` / ``claimed_at`` / ``unconfirmed_since`` and the ``dispatch_worker`` table
(one row per running dispatcher, with a heartbeat), so a claim left by a dead worker is taken back at once
and a text that may already have been sent is checked with the provider before it is sent again.

Revision ID: 0006_dispatch_claims
Revises: 0005_one_case_per_person
Create Date: 2026-12-04 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.models.types

revision: str = "0006_dispatch_claims"
down_revision: str | None = "0005_one_case_per_person"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dispatch_worker",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("host_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("pid_started", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("started_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("claimed_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("unconfirmed_since", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("unconfirmed_since")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claimed_by")
    op.drop_table("dispatch_worker")
