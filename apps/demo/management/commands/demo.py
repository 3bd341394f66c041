"""`python manage.py demo`: fill an empty database with a living demo (apps/demo/seed.py)."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.demo.seed import DEFAULT_PASSWORD, DemoExists, DemoSizes, build_demo


class Command(BaseCommand):
    help = (
        "Create demo data (organizations, employers, jobs, candidates with parsed resumes, "
        "applications, a ranking) and print one login per role. The same --seed makes the same "
        "data. Refused, changing nothing, when demo data already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--candidates", type=int, default=DemoSizes.candidates)
        parser.add_argument("--organizations", type=int, default=DemoSizes.organizations)
        parser.add_argument("--jobs", type=int, default=DemoSizes.jobs)
        parser.add_argument(
            "--logins-json", type=Path, help="Also write every login (and the open jobs) here."
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--no-parse",
            action="store_true",
            help="Store the resumes without parsing them (faster; they read `not_parsed`).",
        )
        parser.add_argument(
            "--if-absent",
            action="store_true",
            help="When demo data already exists, say so and exit 0 instead of failing.",
        )

    def handle(self, *args, **options):
        try:
            sizes = DemoSizes(options["candidates"], options["organizations"], options["jobs"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if len(options["password"]) < 8:
            raise CommandError("--password must have at least 8 characters.")
        started = time.monotonic()
        try:
            logins = build_demo(
                options["seed"],
                sizes,
                password=options["password"],
                parse=not options["no_parse"],
                log=lambda message: self.stdout.write(f"demo: {message}"),
            )
        except DemoExists as exc:
            if options["if_absent"]:
                self.stdout.write(f"demo: {exc}")
                return
            raise CommandError(str(exc)) from exc
        if options["logins_json"]:
            Path(options["logins_json"]).write_text(json.dumps(logins.as_json(), indent=2) + "\n")
        self.stdout.write(f"demo: done in {time.monotonic() - started:.1f} s. Logins:")
        for role, email in logins.one_per_role():
            self.stdout.write(f"  {role:<10} {email}")
        self.stdout.write(f"  password   {logins.password}  (every demo account)")
