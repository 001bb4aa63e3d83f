from django.core.management.base import BaseCommand, CommandError

from komunitas.search.index import reindex
from komunitas.search.registry import sources


class Command(BaseCommand):
    help = (
        "Rebuild the search index: write every searchable object afresh and drop entries of "
        "objects that are gone. Safe to run while the site serves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source_keys",
            nargs="*",
            metavar="SOURCE",
            help="only these sources, e.g. discussions.post (default: all of them)",
        )

    def handle(self, *args, source_keys: list[str], **options):
        known = {source.key for source in sources()}
        unknown = sorted(set(source_keys) - known)
        if unknown:
            raise CommandError(
                f"Unknown source {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )

        def log(key, count):
            if options["verbosity"]:
                self.stdout.write(f"{key}: {count} indexed")

        reindex(source_keys or None, log=log)
