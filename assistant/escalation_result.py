"""The outcome of the red-flag check (assistant/escalation.py), in a module of its own: what
shows a reply (the chat's first screen) need not import the check itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Escalation:
    """The outcome of the red-flag check: level is "emergency", "urgent" or "none"."""

    level: str
    rule: str | None = None
    message: tuple[str, ...] = ()  # the contact message, filled in for the user's region
    quote: str | None = None  # id of a passage to show under the message
    language: str = "en"
    # the message comes first, then the usual answer to the question (the learned safety net's
    # findings: it is not sure enough to take the answer away)
    answered: bool = False
    # the conversation's earlier alarm, shown again for a follow-up that leaves it standing
    # ("my son swallowed 20 of my pills" / "what number do i call")
    kept: bool = False
    # the earlier message a follow-up's finding was read with ("dad took 12 of his tablets" /
    # "he's asleep now"): the report the alarm stands on for the follow-ups after it
    read_with: str | None = None
    message_key: str = ""  # which contact message (escalation.yaml `messages`) it shows

    @property
    def escalated(self) -> bool:
        return self.level != "none"


NO_ESCALATION = Escalation("none")
