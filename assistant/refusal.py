"""The emergency numbers every start-up refusal prints, even when the knowledge is broken.

Someone may run the assistant in an emergency; a broken knowledge file or a mistyped region
must not leave them without a number to call.
"""

from __future__ import annotations

import sys

from assistant import exit_codes
from assistant.regions import load_regions

# The only emergency numbers written in code: used when knowledge/regions.yaml itself cannot
# be loaded, so that even then the person sees a number to call.
FALLBACK_EMERGENCY_LINE = ("In an emergency, call your local emergency number: "
                           "911 (US) · 999 (UK) · 112 (EU) · 000 (AU)")


def numbers_line(strip: str) -> str:
    """A region's numbers as one line ("In an emergency: US · Emergency 911 · …")."""
    return f"In an emergency: {strip}"


def emergency_line(region: str | None = None) -> str:
    """The chosen region's numbers (argument, else $BACLOFEN_ASSISTANT_REGION, else the
    default) when that region is known, else every region's main emergency number."""
    try:
        regions = load_regions()
    except Exception:
        return FALLBACK_EMERGENCY_LINE
    try:
        return numbers_line(regions.get(region).strip)
    except (KeyError, AttributeError):
        numbers = " · ".join(f"{r.emergency} ({r.code})" for r in regions.by_code.values())
        return f"In an emergency, call your local emergency number: {numbers}"


def refuse(message: str, region: str | None = None, code: int = exit_codes.UNUSABLE) -> int:
    """Print ``message`` and the emergency numbers on stderr; return the exit code."""
    print(message, file=sys.stderr)
    print(emergency_line(region), file=sys.stderr)
    return code
