from .answers import AnswerCount, Submission
from .surveys import Statement, Survey

__all__ = ["AnswerCount", "Statement", "Submission", "Survey"]
