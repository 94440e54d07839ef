"""Sources: what a watch's URL is, how it is fetched and how its answer becomes postings.

Each kind is one small class in a registry (urlwatch's jobs are the model): it
declares its name and the URL shape it answers to, maps a person's URL for the
board to the API it reads, and turns an answer into the postings it lists.

    page             one posting page (the default; read by ``monitor.extract``)
    greenhouse       /v1/boards/{token}/jobs?content=true
    lever            /v0/postings/{site}?mode=json
    ashby            /posting-api/job-board/{name}?includeCompensation=true
    smartrecruiters  /v1/companies/{id}/postings
    listing          a careers page whose links lead to posting pages

The readers are pure: answer text in, :class:`BoardAnswer` out, or
:class:`BoardError` with a one-line reason. Fetching and storing stay at the edges.
"""

from __future__ import annotations

from monitor.sources._kinds import (
    BOARD_KINDS,
    KINDS,
    Board,
    BoardAnswer,
    BoardError,
    BoardPosting,
    SourceKind,
    board_kind_for,
    kind_named,
)

__all__ = [
    "BOARD_KINDS",
    "KINDS",
    "Board",
    "BoardAnswer",
    "BoardError",
    "BoardPosting",
    "SourceKind",
    "board_kind_for",
    "kind_named",
]
