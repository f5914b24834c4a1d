"""Demo indicators for the four demo partnerships: national and local indicators with three years
of targets (the agreement runs from last financial year to next) and approved results up to the
latest finished period. Idempotent, like partnership.demo. Figures are invented but plausible.

The package keeps the data apart from the code that loads it: `spec` (what a demo indicator is
made of), one module per partnership with its indicators (`haringey`, `harrow`, `halton`,
`sefton`), `commissions` (the commissions and projects with their budgets), `variation` (how the
invented figures and return states vary from period to period) and `loader`
(`load_indicator_demo`, which writes them).
"""
