"""Which errors mean "the database could not answer just now" (try again later) rather than a bug."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

_NOT_TRANSIENT = (sa_exc.IntegrityError, sa_exc.DataError)


def is_transient(error: BaseException) -> bool:
    """True for a lost or refused connection, a timeout, a locked SQLite database, a deadlock or a
    serialisation failure: the same work may well succeed on a later attempt. False for everything else
    (a constraint or data error, a bug in our code), which a retry would only repeat."""
    if isinstance(error, _NOT_TRANSIENT):
        return False
    if isinstance(error, sa_exc.DBAPIError | sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return True
    return isinstance(error, OSError | TimeoutError | ConnectionError)
