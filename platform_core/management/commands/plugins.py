"""`manage.py plugins`: the loaded plugins (name, version, source, hooks, capabilities), which
plugin serves each capability, and the plugins that were skipped with the reason.

`--json` prints the same list `GET /api/plugins/` answers.
"""

import json

from django.core.management.base import BaseCommand

from platform_core.plugins import CAPABILITIES, NoProvider, get_manager


class Command(BaseCommand):
    help = "List the installed plugins, the provider of each capability, and skipped plugins."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the list as JSON")

    def handle(self, *args, **options):
        manager = get_manager()
        listing = manager.listing()
        if options["json"]:
            self.stdout.write(json.dumps(listing, indent=2))
            return
        if not listing:
            self.stdout.write("No plugins loaded.")
        for plugin in listing:
            self.stdout.write(
                f"{plugin['name']} {plugin['version']} ({plugin['source']})\n"
                f"  hooks: {', '.join(plugin['hooks']) or '-'}\n"
                f"  capabilities: {', '.join(plugin['capabilities']) or '-'}"
            )
        self.stdout.write("Providers:")
        for capability in CAPABILITIES.values():
            for hook in capability.hooks:
                try:
                    chosen = manager.provider(hook).name
                except NoProvider:
                    chosen = "none installed"
                self.stdout.write(f"  {hook} ({capability.setting}): {chosen}")
        for message in manager.unavailable_choices():
            self.stdout.write(self.style.WARNING(f"Warning: {message}"))
        for failure in manager.failures:
            self.stdout.write(self.style.ERROR(f"Skipped {failure.name}: {failure.reason}"))
