from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Bulk realistic data for measuring: customers, shipments (~10x), complaints in every state, "
        "events, claims. Needs a checkout (the generator lives in benchmarks/, outside the shipped apps)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, required=True)
        parser.add_argument("--months", type=int, default=6)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, complaints: int, months: int, seed: int, **options):
        if complaints < 1 or months < 1:
            raise CommandError("--complaints and --months must be at least 1.")
        try:
            from benchmarks.generate import Generator
        except ImportError:
            raise CommandError(
                "generate_data needs the benchmarks/ folder of a checkout of the project."
            ) from None
        try:
            counts = Generator(
                complaints=complaints, months=months, seed=seed, progress=self.stdout.write
            ).run()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(", ".join(f"{name}: {count:,}" for name, count in counts.items()))
