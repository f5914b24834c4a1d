#!/usr/bin/env bash
# Checks what `make install` needs before it starts, with a clear message for each gap.
set -u
missing=0
python=${PYTHON:-python3}

if ! command -v "$python" >/dev/null 2>&1; then
  echo "✗ $python not found. Install Python 3.11 or newer (Debian/Ubuntu: sudo apt-get install python3 python3-venv)." >&2
  missing=1
elif ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "✗ $("$python" --version 2>&1) is too old: Python 3.11 or newer is needed (or set PYTHON=python3.12)." >&2
  missing=1
elif ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "✗ Python's venv module is missing (Debian/Ubuntu: sudo apt-get install python3-venv)." >&2
  missing=1
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "✗ Node.js 18+ and npm are needed to build the GOV.UK Frontend styles (Debian/Ubuntu: sudo apt-get install nodejs npm)." >&2
  missing=1
elif ! node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)'; then
  echo "✗ Node.js $(node --version) is too old: version 18 or newer is needed." >&2
  missing=1
fi

# WeasyPrint (every PDF) needs Pango at run time; pip cannot install it.
if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so'; then
  echo "✗ The Pango libraries WeasyPrint needs for PDFs are missing." >&2
  echo "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" >&2
  missing=1
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "! Chromium is not installed: the browser tests will be skipped (sudo apt-get install chromium)." >&2
fi

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  echo "! poppler-utils is not installed: the tests that read a PDF's layout will be skipped (sudo apt-get install poppler-utils)." >&2
fi

if [ "$missing" -ne 0 ]; then
  echo "Install the missing prerequisites above, then run the command again." >&2
  exit 1
fi
echo "✓ Prerequisites present: $("$python" --version), Node.js $(node --version), Pango."
