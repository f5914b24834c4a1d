from .cycles import Cadence, Notification, ReportingCycle, TimetableSettings
from .decisions import AssuranceStatement, Decision, Recommendation
from .packs import BoardPack
from .reports import ExceptionItem, ExceptionReport, PartnershipReport
from .snapshots import LiveDashboard, ThemeSnapshot

__all__ = [
    "AssuranceStatement",
    "BoardPack",
    "Cadence",
    "Decision",
    "ExceptionItem",
    "ExceptionReport",
    "LiveDashboard",
    "Notification",
    "PartnershipReport",
    "Recommendation",
    "ReportingCycle",
    "ThemeSnapshot",
    "TimetableSettings",
]
