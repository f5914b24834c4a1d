"""Halton's worked demo indicators, across its five SSP blocks; the rest of its designated list is
adopted by indicators/demo/designated.py."""

from .spec import COUNT, PCT, RATE, A, H, L, S, Spec

HALTON = [
    Spec("NI 117", "children-young-people", PCT, L, S, "11.2", ("10.2", "9.5", "8.8"), ("1.02", "1.05", "1.12")),
    # NI 152, NI 195 and the local L SH1 are not on Halton's designated list: the partnership monitors them beside it.
    Spec(
        "NI 152",
        "employment-learning-skills",
        PCT,
        L,
        S,
        "19.8",
        ("19", "18.2", "17.4"),
        ("1.0", "1.01", "1.03"),
        laa=False,
    ),
    Spec("NI 163", "employment-learning-skills", PCT, H, A, "61", ("63", "65", "67"), ("0.98", "0.99", "1.0")),
    Spec(
        "NI 120", "healthy-halton", RATE, L, A, "820", ("800", "785", "770"), ("1.02", "1.03", "1.04"), rate_per=100000
    ),
    Spec("NI 195", "urban-renewal", PCT, L, S, "9", ("8", "7.5", "7"), ("1.0", "0.97", "0.95"), laa=False),
    Spec(
        "L SH1",
        "safer-halton",
        COUNT,
        L,
        S,
        "2100",
        ("2000", "1900", "1800"),
        ("1.05", "1.08", "1.15"),
        title="Violent crime (recorded offences)",
        laa=False,
    ),
]
