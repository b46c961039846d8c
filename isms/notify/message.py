from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    """One rendered e-mail, as the task carries it: plain JSON, so any task backend can queue it."""

    subject: str
    to: list[str]
    text: str
    html: str

    def as_task_arguments(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_task_arguments(cls, arguments: dict[str, Any]) -> "Message":
        return cls(**arguments)
