"""referral: safe to say who we are / leave a voicemail, for a referral by call

A referral by call now asks what a call-back asks: if someone else answers, may the team say who they are
and leave a voicemail (``flows/referral.py``). ``safe_answer`` is "given" or "not known" (not safe). Rows
made before this are left null: not asked, and shown to the team as not safe.

Revision ID: 0012_referral_safe
Revises: 0011_outbox_due
Create Date: 2026-12-06 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0012_referral_safe"
down_revision: str | None = "0011_outbox_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("safe_to_say", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("voicemail", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("safe_answer", AutoString(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("safe_answer")
        batch_op.drop_column("voicemail")
        batch_op.drop_column("safe_to_say")
