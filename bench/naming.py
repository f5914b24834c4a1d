"""How the generated partnerships and people are named, so the later steps (the reset, the load test)
find them again without a query of their own."""


def usernames(index: int) -> dict:
    """The bench's named people in partnership `index` (others are made per theme and board)."""
    prefix = f"bench-{index:02d}"
    return {"admin": f"{prefix}-admin", "officer": f"{prefix}-officer", "business": f"{prefix}-business"}


def partnership_slug(index: int) -> str:
    return f"bench-{index:02d}"
