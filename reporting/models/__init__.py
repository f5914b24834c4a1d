from .cycles import Cadence, Notification, ReportingCycle, TimetableSettings
from .packs import BoardPack
from .reports import ExceptionItem, ExceptionReport, PartnershipReport
from .snapshots import ThemeSnapshot

__all__ = [
    "BoardPack",
    "Cadence",
    "ExceptionItem",
    "ExceptionReport",
    "Notification",
    "PartnershipReport",
    "ReportingCycle",
    "ThemeSnapshot",
    "TimetableSettings",
]
