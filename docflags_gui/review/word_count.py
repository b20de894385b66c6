"""How many words a passage has, as the review counts them: the exclusion of small matches
(`rules`) and the review's progress (`progress`) count alike. Apart from the rules so that the
progress line of a table loads nothing of them."""

from __future__ import annotations


def word_count(text: str) -> int:
    """The words of `text`: its runs of non-space characters."""
    return len(text.split())
