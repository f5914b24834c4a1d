"""The HSP/PMG report page's block on the executive board's assurance and recommendations (the
report's page is another concept's: this tag keeps what it needs from decisions in one place)."""

from django import template
from django.urls import reverse

from partnership.models import Board, BoardKind
from reporting.packs.inputs import may_get_board_pack
from reporting.services.decisions import assurance_data, executive_recommendations
from reporting.views.decisions import may_write_assurance

register = template.Library()


@register.inclusion_tag("reporting/decisions/_hsp_block.html", takes_context=True)
def hsp_assurance(context):
    """{% hsp_assurance %} on a page with `cycle`, `partnership` and `access`: the statement, the
    executive board's recommendations to the partnership board, and the links this member may use."""
    cycle, partnership, access = context["cycle"], context["partnership"], context["access"]
    kinds = (BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD)
    boards = list(Board.objects.for_partnership(partnership).filter(kind__in=kinds).select_related("partnership"))
    boards.sort(key=lambda board: (kinds.index(board.kind), board.name))
    assurance = assurance_data(cycle)
    links = []
    if may_write_assurance(access, [board.pk for board in boards if board.kind == BoardKind.EXECUTIVE_BOARD]):
        verb = "Change" if assurance else "Write"
        links.append(
            (reverse("reporting:assurance_edit", args=[partnership.slug, cycle.pk]), f"{verb} the assurance statement")
        )
    links += [
        (reverse("reporting:decision_log", args=[partnership.slug, board.pk]), f"{board.name}: decision log")
        for board in boards
        if may_get_board_pack(access, board)
    ]
    return {
        "partnership": partnership,
        "cycle": cycle,
        "assurance": assurance,
        "recommendations": executive_recommendations(cycle),
        "links": links,
    }
