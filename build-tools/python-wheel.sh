#!/usr/bin/env bash
# Builds the wheel from jsii-pacmak's code-only output (build/pacmak/python) without PyPI, then checks it.
# Uses Debian's python3 (setuptools and wheel preinstalled); $PYTHON picks another interpreter that has
# them (e.g. the one of actions/setup-python after `pip install setuptools wheel`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-/usr/bin/python3}"
"$PY" -m pip wheel --no-deps --no-build-isolation --no-index -w dist/python build/pacmak/python
"$PY" build-tools/check_wheel.py dist/python .jsii
