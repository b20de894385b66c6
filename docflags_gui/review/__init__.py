"""Review: each flag's status (decided or suggested by the checkers' exclusion rules), the review's
progress, and annotated copies of the manuscript. No Qt.

`statuses` names the statuses; `rules` suggests them from a flag's place in the manuscript;
`entries` adds the `review` object to each flag of a matched document; `progress` sums it up;
`annotate` writes a copy of the manuscript with each matched passage highlighted and commented.
"""
