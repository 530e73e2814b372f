"""appointments: booked sessions, their status and reminder bookkeeping (issue 14)

Revision ID: 0008_appointments
Revises: 0007_run_stack
Create Date: 2026-12-05 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.models.types

revision: str = "0008_appointments"
down_revision: str | None = "0008_callbacks_referrals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    utc = bot.storage.models.types.UTCDateTime(timezone=True)
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("practitioner_name", text(length=120), nullable=False),
        sa.Column("start_at", utc, nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("kind", text(length=16), nullable=False),
        sa.Column("place", text(length=200), nullable=True),
        sa.Column("status", text(length=24), nullable=False),
        sa.Column("course_id", text(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reason", text(length=300), nullable=True),
        sa.Column("last_reminder_at", utc, nullable=True),
        sa.Column("reminders_sent", sa.Integer(), nullable=False),
        sa.Column("created_by", text(length=80), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"]),
        sa.ForeignKeyConstraint(["practitioner_id"], ["practitioner.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_appointment_contact_start", "appointment", ["contact_id", "start_at"])
    op.create_index("ix_appointment_status", "appointment", ["status"])
    op.create_index("ix_appointment_course_id", "appointment", ["course_id"])


def downgrade() -> None:
    op.drop_index("ix_appointment_course_id", table_name="appointment")
    op.drop_index("ix_appointment_status", table_name="appointment")
    op.drop_index("ix_appointment_contact_start", table_name="appointment")
    op.drop_table("appointment")
