"""dashboard accounts: forced password change, lock-out, API token and schools on practitioner

Revision ID: 0008_dashboard_accounts
Revises: 0008_escalation_notes
Create Date: 2026-12-05 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.models.types

revision: str = "0008_dashboard_accounts"
down_revision: str | None = "0008_escalation_notes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("practitioner", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("locked_until", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_login_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("api_token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(sa.Column("schools", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.create_index("ix_practitioner_api_token_hash", ["api_token_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("practitioner", schema=None) as batch_op:
        batch_op.drop_index("ix_practitioner_api_token_hash")
        batch_op.drop_column("schools")
        batch_op.drop_column("api_token_hash")
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("must_change_password")
