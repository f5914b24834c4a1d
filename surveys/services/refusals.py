class SurveyRefused(Exception):
    """What was asked cannot be done; the message says why, in words for the page."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
