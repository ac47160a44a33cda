"""The rules of data-subject requests that carry legal weight, as pure functions.

Nothing here reads the clock or the database: callers pass ``received_on``,
``today`` and the like, so the rules are tested without either.

- The answer is due one month from receipt (GDPR Art. 12(3)). Calendar months:
  a receipt on the 29th–31st whose day the next month lacks is due on that
  month's last day (31 January → 28 or 29 February).
- The period may be extended by up to two further months where necessary,
  taking into account the complexity and number of the requests; the person
  must be told of the extension and its reasons within the first month
  (Art. 12(3)). So an extension can only be decided on or before the first
  due date, and only once, by one or two months.
- Reminders are shown on day 20 and day 28 after receipt (legal.md §1, Art. 12
  row), and a request is "due soon" when seven days or fewer are left.
- A request moves through the states received → verifying identity → in
  progress → extended → answered / refused / withdrawn; the table
  :data:`TRANSITIONS` says which step may follow which.

The day the request arrives is day 0. The register does not move a due date
that falls on a weekend or a public holiday to the next working day, although
Regulation 1182/71 Art. 3(4) would allow it: the earlier date is always safe.
Nor does it pause the clock while the requester has not answered an identity
question (legal.md §1, Art. 12(6): one authority's practice only).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from rekisteri.privacy.retention import add_months

#: GDPR Art. 12(3): "within one month of receipt of the request".
ANSWER_MONTHS = 1
#: GDPR Art. 12(3): "may be extended by two further months where necessary".
MAX_EXTENSION_MONTHS = 2
#: Reminder days after receipt (legal.md §1, Art. 12 row: D+20 and D+28).
REMINDER_DAYS = (20, 28)
#: A request is due soon when this many days or fewer are left.
DUE_SOON_DAYS = 7


class State(StrEnum):
    """Where a request stands; the values are stored (``SubjectRequest.state``)."""

    RECEIVED = "received"
    VERIFYING_IDENTITY = "verifying_identity"
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    ANSWERED = "answered"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


OPEN_STATES = frozenset(
    {State.RECEIVED, State.VERIFYING_IDENTITY, State.IN_PROGRESS, State.EXTENDED}
)
CLOSED_STATES = frozenset({State.ANSWERED, State.REFUSED, State.WITHDRAWN})

#: Which state may follow which. An extended request keeps its state ``extended``
#: through identity checks, so the longer due date stays visible.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset(
        {
            State.VERIFYING_IDENTITY,
            State.IN_PROGRESS,
            State.EXTENDED,
            State.ANSWERED,
            State.REFUSED,
            State.WITHDRAWN,
        }
    ),
    State.VERIFYING_IDENTITY: frozenset(
        {State.IN_PROGRESS, State.EXTENDED, State.ANSWERED, State.REFUSED, State.WITHDRAWN}
    ),
    State.IN_PROGRESS: frozenset(
        {State.VERIFYING_IDENTITY, State.EXTENDED, State.ANSWERED, State.REFUSED, State.WITHDRAWN}
    ),
    State.EXTENDED: frozenset({State.ANSWERED, State.REFUSED, State.WITHDRAWN}),
    State.ANSWERED: frozenset(),
    State.REFUSED: frozenset(),
    State.WITHDRAWN: frozenset(),
}


def can_move(current: State | str, to: State | str) -> bool:
    """Return whether a request in ``current`` may move to ``to``."""
    return State(to) in TRANSITIONS[State(current)]


def due_on(received_on: dt.date) -> dt.date:
    """Return the last day to answer a request received on ``received_on``.

    GDPR Art. 12(3): "without undue delay and in any event within one month of
    receipt". One calendar month, the missing day falling back to the month's
    last day: 31 January → 28 February (29 in a leap year), 15 March → 15 April.
    """
    return add_months(received_on, ANSWER_MONTHS)


def extended_due_on(received_on: dt.date, months: int) -> dt.date:
    """Return the due date after an extension by ``months`` (1 or 2) further months.

    GDPR Art. 12(3): at most two further months, counted from receipt like the
    first (so a request received on 31 January and extended by two months is
    due on 30 April).
    """
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 1 or 2 months, not {months}")
    return add_months(received_on, ANSWER_MONTHS + months)


def extension_allowed(received_on: dt.date, decided_on: dt.date) -> bool:
    """Return whether an extension decided on ``decided_on`` is in time.

    GDPR Art. 12(3): the person is told of the extension, with the reasons,
    within one month of receipt; the decision therefore has to be made and
    recorded no later than the first due date (that day included).
    """
    return received_on <= decided_on <= due_on(received_on)


def days_left(due: dt.date, today: dt.date) -> int:
    """Return the days left until ``due`` (0 on the due day, negative when overdue)."""
    return (due - today).days


def is_overdue(due: dt.date, today: dt.date) -> bool:
    """A request is overdue from the day after its due date."""
    return today > due


def is_due_soon(due: dt.date, today: dt.date) -> bool:
    """A request is due soon when it is not overdue and seven days or fewer are left."""
    return 0 <= days_left(due, today) <= DUE_SOON_DAYS


def reminder_dates(received_on: dt.date) -> tuple[dt.date, ...]:
    """Return the days on which a reminder is shown: day 20 and day 28 after receipt."""
    return tuple(received_on + dt.timedelta(days=n) for n in REMINDER_DAYS)


def reminder_stage(received_on: dt.date, today: dt.date) -> int:
    """Return how many reminders are due by ``today``: 0, 1 (day 20) or 2 (day 28)."""
    return sum(1 for day in reminder_dates(received_on) if today >= day)


class DueStatus(StrEnum):
    """How the due date looks today, for badges and the dashboard."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    REMINDER = "reminder"
    ON_TRACK = "on_track"
    CLOSED = "closed"


def due_status(
    *, received_on: dt.date, due: dt.date, today: dt.date, is_open: bool, extended: bool
) -> DueStatus:
    """Return the badge of a request: overdue, due soon, reminder, on track or closed.

    The day-20 and day-28 reminders belong to the first month; once a request is
    extended only the due-soon and overdue warnings apply.
    """
    if not is_open:
        return DueStatus.CLOSED
    if is_overdue(due, today):
        return DueStatus.OVERDUE
    if is_due_soon(due, today):
        return DueStatus.DUE_SOON
    if not extended and reminder_stage(received_on, today) > 0:
        return DueStatus.REMINDER
    return DueStatus.ON_TRACK


def answered_in_time(due: dt.date, answered_on: dt.date) -> bool:
    """Return whether an answer given on ``answered_on`` met the due date (that day included)."""
    return answered_on <= due
