"""Signals the indicators app sends for the apps that build on it (reporting listens), so the
indicators app never imports them."""

from django.dispatch import Signal

# Sent inside the approving transaction, with `ret` (an IndicatorReturn just approved).
return_approved = Signal()
