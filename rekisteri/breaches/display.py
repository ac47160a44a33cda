"""How the 72-hour clock is shown to staff: the countdown text and its badge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from rekisteri.breaches.models import Breach
from rekisteri.breaches.policies import DeadlineState

#: Below this much time left the countdown turns to a warning.
WARN_BELOW = dt.timedelta(hours=24)


def format_duration(delta: dt.timedelta) -> str:
    """Return a duration as staff read it: "2 d 5 h", "3 h 20 min", "12 min"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


@dataclass(frozen=True)
class Countdown:
    """The clock of one breach as a badge: its text, CSS class and whether it is overdue."""

    text: str
    css: str
    overdue: bool = False


def countdown(breach: Breach, now: dt.datetime) -> Countdown:
    """Return the countdown to the authority deadline (GDPR Art. 33(1)) at ``now``."""
    if not breach.clock_applies:
        return Countdown(_("No notification needed"), "badge badge-ok")
    status = breach.deadline_status(now)
    if status.state is DeadlineState.NOTIFIED_IN_TIME:
        return Countdown(_("Notified in time"), "badge badge-ok")
    if status.state is DeadlineState.NOTIFIED_LATE:
        return Countdown(
            _("Notified %(time)s late") % {"time": format_duration(status.overdue_by)},
            "badge badge-warn",
        )
    if status.state is DeadlineState.OVERDUE:
        return Countdown(
            _("Overdue by %(time)s") % {"time": format_duration(status.overdue_by)},
            "badge badge-restricted",
            overdue=True,
        )
    css = "badge badge-warn" if status.remaining < WARN_BELOW else "badge"
    return Countdown(_("%(time)s left") % {"time": format_duration(status.remaining)}, css)
