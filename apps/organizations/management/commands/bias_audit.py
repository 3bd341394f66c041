"""`manage.py bias_audit --organization ID [--job ID] [--from DATE] [--to DATE] [--k N]
[--format json|csv|md]`: the bias audit the endpoint answers (docs/bias-audit.md), for a yearly
audit report or a spreadsheet, without going through the API's access rules (whoever runs
manage.py already has the database)."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from apps.organizations.bias_audit import DEFAULT_K, MAX_K, OUTCOMES, audit, make_scope
from apps.organizations.models import Organization
from apps.organizations.schemas import BiasAuditFilters, BiasAuditOut
from platform_core.errors import FieldErrors, NotFound

COLUMNS = (
    "group_type",
    "group",
    "applicants",
    "selected",
    "selection_rate",
    "impact_ratio",
    "flagged",
    "suppressed",
)


def _csv_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class Command(BaseCommand):
    help = "Selection rates and impact ratios by group for an organization or one of its jobs."

    def add_arguments(self, parser):
        parser.add_argument("--organization", type=int, required=True, help="organization id")
        parser.add_argument("--job", type=int, help="one job of the organization")
        parser.add_argument("--from", dest="date_from", help="first application date, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last application date, YYYY-MM-DD")
        parser.add_argument(
            "--k", type=int, default=DEFAULT_K, help=f"top places of a ranking (1-{MAX_K})"
        )
        parser.add_argument("--format", choices=("json", "csv", "md"), default="json")

    def handle(self, *args, **options):
        try:
            filters = BiasAuditFilters.model_validate(
                {
                    "job": options["job"],
                    "from": options["date_from"],
                    "to": options["date_to"],
                    "k": options["k"],
                }
            )
        except ValidationError as exc:
            raise CommandError(str(exc)) from exc
        organization = Organization.objects.filter(pk=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization {options['organization']}.")
        try:
            scope = make_scope(
                organization,
                job_id=filters.job,
                date_from=filters.date_from,
                date_to=filters.date_to,
                k=filters.k,
            )
        except NotFound as exc:
            raise CommandError(f"No job {filters.job} in organization {organization.pk}.") from exc
        except FieldErrors as exc:
            raise CommandError(str(exc.errors)) from exc
        result = audit(scope)
        report = BiasAuditOut.model_validate(result).model_dump(mode="json", by_alias=True)
        {"json": self._json, "csv": self._csv, "md": self._markdown}[options["format"]](report)

    def _json(self, report: dict) -> None:
        self.stdout.write(json.dumps(report, indent=2))

    def _csv(self, report: dict) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(("outcome", *COLUMNS))
        for outcome in OUTCOMES:
            for row in report["outcomes"][outcome]:
                writer.writerow((outcome, *(_csv_value(row[column]) for column in COLUMNS)))

    def _markdown(self, report: dict) -> None:
        scope, method = report["scope"], report["method"]
        lines = [
            "# Bias audit",
            "",
            f"Organization {scope['organization_id']}, "
            + (f"job {scope['job_id']}" if scope["job_id"] else "all jobs")
            + f", applications from {scope['from'] or 'the first'} to {scope['to'] or 'the last'}"
            + f", top {scope['k']} of each ranking. Generated {report['generated_at']}.",
            "",
            f"Groups under {method['min_cell']} applicants, and any a sum would give away, are "
            f"suppressed. Flagged: impact ratio below {method['flag_below']}. "
            f"Method: {method['documentation']}.",
        ]
        for outcome in OUTCOMES:
            lines += [
                "",
                f"## {outcome}",
                "",
                "| group type | group | applicants | selected | selection rate | impact ratio "
                "| flagged |",
                "| --- | --- | --- | --- | --- | --- | --- |",
            ]
            for row in report["outcomes"][outcome]:
                if row["suppressed"]:
                    cells = ["suppressed", "–", "–", "–", "–"]
                else:
                    ratio = row["impact_ratio"]
                    cells = [
                        str(row["applicants"]),
                        str(row["selected"]),
                        str(row["selection_rate"]),
                        "–" if ratio is None else str(ratio),
                        "yes" if row["flagged"] else "no",
                    ]
                lines.append(f"| {row['group_type']} | {row['group']} | {' | '.join(cells)} |")
        self.stdout.write("\n".join(lines))
