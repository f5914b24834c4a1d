"""Demo data: four partnerships after the four seed frameworks, with invented people.

Run with `manage.py load_demo`. Idempotent: every row is found or created by its natural key, so
running it twice changes nothing (and it never deletes what users added).

Sources: Haringey — seed 001 (themes and sub-groups, Appendix B) and 000 (Business Group);
Harrow — seed 002 (management groups and the HSP scorecard); Halton — seed 003 (the PSG and five
SSP "blocks"; the seed does not name the blocks, so Halton's published SSP names are used);
Sefton — seed 004 (Performance & Intelligence Group, Performance Board, Overview & Scrutiny,
area committees). Every person's name is invented.

The package keeps the data apart from the code that loads it: `partnerships` (the four
partnerships' organisations, boards, themes and objectives), `personas` (the people the product is
built for, with the demo password), `staffing` (the invented names and who each theme and board
has), `meetings` (when each board meets on a quarter: after its papers, on a day of its own),
`decisions` (what the exception reports say and what the boards decided), `recommendations`
(what they recommended up the layers) and `loader` (`load_demo`, which writes the partnerships
and people; reporting.demo writes the meetings, reports and decisions once the quarters are open).
"""
