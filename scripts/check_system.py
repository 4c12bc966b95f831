"""Fail with a clear message when a system library riskassess needs is missing."""

import sys

problems = []
if sys.version_info[:2] != (3, 11):
    problems.append(f"Python 3.11 is required, this is {sys.version.split()[0]}.")
try:
    import weasyprint  # noqa: F401
except OSError as exc:  # cannot load libpango / libgobject
    problems.append(
        "WeasyPrint cannot load Pango (" + str(exc).splitlines()[0] + ").\n"
        "  Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    )
if problems:
    print("riskassess: missing system requirements:\n- " + "\n- ".join(problems), file=sys.stderr)
    sys.exit(1)
