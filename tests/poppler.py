"""The tests that read a PDF's laid-out text (pdftotext) or picture its page (pdftoppm) need
poppler-utils: without it they are skipped, saying so, as the browser tests are without Chromium."""

import shutil

import pytest

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="needs poppler-utils (pdftotext, pdftoppm): sudo apt-get install poppler-utils",
)
