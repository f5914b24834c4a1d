"""Sefton's demo indicators, across its four thematic partnerships."""

from .spec import COUNT, PCT, RATE, A, H, L, Q, Spec

SEFTON = [
    Spec(
        "NI 112",
        "children-young-people",
        RATE,
        L,
        Q,
        "41",
        ("38", "35", "32"),
        ("1.0", "0.98", "1.02"),
        ratio=("Conceptions to females aged 15-17", "Females aged 15-17", 5600),
    ),
    Spec(
        "L SS1",
        "safer-stronger",
        COUNT,
        L,
        Q,
        "3100",
        ("3000", "2900", "2800"),
        ("0.99", "1.01", "1.06"),
        title="Serious acquisitive crime (recorded offences)",
    ),
    Spec("NI 8", "health-wellbeing", PCT, H, A, "20.4", ("21", "22", "23"), ("1.0", "0.98", "0.99")),
    Spec("NI 151", "economic-regeneration", PCT, H, Q, "69", ("70", "71", "72"), ("1.0", "0.99", "0.97")),
    Spec("NI 154", "economic-regeneration", COUNT, H, Q, "420", ("450", "480", "500"), ("1.02", "0.97", "0.9")),
]
