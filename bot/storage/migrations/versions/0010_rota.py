"""the duty rota in the database: rota_slot, rota_setting

Seeded from config.yml's ``safeguarding.rota`` at start-up while ``rota_setting`` is empty
(``bot/features/escalations/rota_store.py``).

Revision ID: 0010_rota
Revises: 0010_queues
Create Date: 2026-12-05 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.models.types

revision: str = "0010_rota"
down_revision: str | None = "0010_queues"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rota_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("days", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("primary", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("backup", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("created_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rota_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("seeded_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("rota_setting")
    op.drop_table("rota_slot")
