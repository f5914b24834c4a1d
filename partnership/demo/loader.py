"""Loading the demo partnerships and personas. Idempotent: every row is found or created by its
natural key, so running it twice changes nothing (and it never deletes what users added). The
boards' meetings follow the timetable, so reporting.demo schedules them once the quarters are open."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partnership.models import (
    Board,
    BoardKind,
    Membership,
    Objective,
    Organisation,
    Partnership,
    RoleAssignment,
    Theme,
)
from partnership.roles import Role

from .partnerships import PARTNERSHIPS, PartnershipSpec
from .personas import DEMO_PASSWORD, PERSONAS, Persona
from .staffing import BOARD_STAFFING, FIRST_NAMES, LAST_NAMES, THEME_STAFFING


class DemoLoader:
    def __init__(self, today: dt.date | None = None, stdout=None):
        self.today = today or timezone.localdate()
        self.stdout = stdout

    @transaction.atomic
    def load(self):
        for spec in PARTNERSHIPS:
            self.load_partnership(spec)
        for persona in PERSONAS:
            self.load_persona(persona)

    def load_partnership(self, spec: PartnershipSpec):
        partnership, _ = Partnership.objects.update_or_create(
            slug=spec.slug,
            defaults={"name": spec.name, "area_name": spec.area_name, "description": spec.description},
        )
        organisations = {}
        for name, kind in spec.organisations:
            organisations[name], _ = Organisation.objects.update_or_create(
                partnership=partnership, name=name, defaults={"kind": kind}
            )
        boards = {}
        for key, name, short_name, kind, parent_key, remit in spec.boards:
            boards[key], _ = Board.objects.update_or_create(
                partnership=partnership,
                name=name,
                defaults={
                    "short_name": short_name,
                    "kind": kind,
                    "parent": boards[parent_key] if parent_key else None,
                    "remit": remit,
                },
            )
        themes = {}
        for position, (slug, name, board_key) in enumerate(spec.themes):
            themes[slug], _ = Theme.objects.update_or_create(
                partnership=partnership,
                slug=slug,
                defaults={"name": name, "board": boards[board_key], "position": position},
            )

        org_list = list(organisations.values())
        people = self._staff(partnership, org_list, themes, boards, persona_chairs(spec.slug))
        owner = people[0] if people else None
        for position, (perspective, title) in enumerate(spec.objectives):
            Objective.objects.update_or_create(
                partnership=partnership,
                title=title,
                defaults={"perspective": perspective, "position": position, "owner": owner},
            )

    def _staff(self, partnership, organisations, themes, boards, chaired_by_persona):
        people = []
        index = 0
        for theme in themes.values():
            for role, job_title in THEME_STAFFING:
                membership = self._invented_member(
                    partnership, organisations[index % len(organisations)], job_title, index
                )
                RoleAssignment.objects.get_or_create(membership=membership, role=role, theme=theme)
                people.append(membership)
                index += 1
        for key, board in boards.items():
            staffing = BOARD_STAFFING
            if key in chaired_by_persona:  # one chair per board: the persona
                staffing = [(Role.BOARD_MEMBER, "Board member")] + BOARD_STAFFING[1:]
            if board.kind == BoardKind.BUSINESS_GROUP:
                staffing = [(Role.BOARD_CHAIR, "Chair")] + [(Role.BUSINESS_GROUP_MEMBER, "Business group member")] * 3
            for role, job_title in staffing:
                membership = self._invented_member(
                    partnership, organisations[index % len(organisations)], job_title, index
                )
                RoleAssignment.objects.get_or_create(membership=membership, role=role, board=board)
                index += 1
        return people

    def _invented_member(self, partnership, organisation, job_title, index):
        # Deterministic names and usernames, so a second run finds the same people.
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + len(partnership.slug)) % len(LAST_NAMES)]
        username = f"{partnership.slug}-{index:03d}"
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@{partnership.slug}.example"},
        )
        if created:
            user.set_unusable_password()  # demo extras sign in only after a password reset
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            partnership=partnership, user=user, defaults={"organisation": organisation, "job_title": job_title}
        )
        return membership

    def load_persona(self, persona: Persona):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@demo.example",
                "is_staff": persona.is_superuser,
                "is_superuser": persona.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for slug, organisation_name, job_title, grants in persona.memberships:
            partnership = Partnership.objects.get(slug=slug)
            organisation = (
                Organisation.objects.get(partnership=partnership, name=organisation_name) if organisation_name else None
            )
            membership, _ = Membership.objects.get_or_create(
                partnership=partnership, user=user, defaults={"organisation": organisation, "job_title": job_title}
            )
            for role, target in grants:
                lookup = {"membership": membership, "role": role}
                if role in (Role.BOARD_CHAIR, Role.BOARD_MEMBER, Role.BUSINESS_GROUP_MEMBER):
                    lookup["board"] = Board.objects.get(partnership=partnership, name=self._board_name(slug, target))
                elif target:
                    lookup["theme"] = Theme.objects.get(partnership=partnership, slug=target)
                RoleAssignment.objects.get_or_create(**lookup)

    @staticmethod
    def _board_name(partnership_slug, key):
        spec = next(spec for spec in PARTNERSHIPS if spec.slug == partnership_slug)
        return next(board[1] for board in spec.boards if board[0] == key)


def persona_chairs(partnership_slug):
    return {
        target
        for persona in PERSONAS
        for slug, _, _, grants in persona.memberships
        if slug == partnership_slug
        for role, target in grants
        if role == Role.BOARD_CHAIR
    }


def load_demo(today: dt.date | None = None):
    DemoLoader(today=today).load()
