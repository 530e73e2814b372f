"""The installed features, in one explicit tuple (like Django's ``INSTALLED_APPS``).

The app context (flows, queries, effects, jobs), the CLI (``waymark <command>``), the web app (routes),
the scheduler (daily jobs), ``--demo`` data and the database metadata are built from this tuple and from
nothing else. To add a feature: write ``bot/features/<name>/feature.py`` exporting ``FEATURE`` and add it
here (``docs/architecture.md``, "Adding a feature"). A feature that cannot be imported stops start-up.
"""

from __future__ import annotations

from bot.app.feature import Feature, check
from bot.features.appointments.feature import FEATURE as APPOINTMENTS
from bot.features.calendar.feature import FEATURE as CALENDAR
from bot.features.callbacks.feature import FEATURE as CALLBACKS
from bot.features.checkins.feature import FEATURE as CHECKINS
from bot.features.core.feature import FEATURE as CORE
from bot.features.dashboard.feature import FEATURE as DASHBOARD
from bot.features.data_protection.feature import FEATURE as DATA_PROTECTION
from bot.features.escalations.feature import FEATURE as ESCALATIONS
from bot.features.practitioners.feature import FEATURE as PRACTITIONERS
from bot.features.referrals.feature import FEATURE as REFERRALS
from bot.features.reports.feature import FEATURE as REPORTS
from bot.features.schools.feature import FEATURE as SCHOOLS
from bot.features.signposting.feature import FEATURE as SIGNPOSTING

INSTALLED: tuple[Feature, ...] = check(
    (
        CORE,
        SCHOOLS,  # its demo school comes first: `--demo` loads only into a database with no school
        SIGNPOSTING,
        ESCALATIONS,
        PRACTITIONERS,
        DATA_PROTECTION,
        CALLBACKS,  # after practitioners: its demo call-backs are claimed by a demo practitioner
        REFERRALS,
        APPOINTMENTS,
        CALENDAR,  # after schools (its demo terms are for the demo school)
        CHECKINS,  # after calendar and practitioners (demo plans have owners; holidays may be skipped)
        REPORTS,  # after every feature whose tables it reads; its demo adds activity to the demo schools
        DASHBOARD,  # last
    )
)
