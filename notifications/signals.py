"""What other apps may hear from the outbox without the outbox knowing them."""

from django.dispatch import Signal

# A notice's delivery is settled: sent, or failed for good (attempts used up). Sent inside the delivery's
# transaction with `notification`, `outcome` ("sent" or "failed") and `at`; a receiver's write (the
# complaint's timeline) commits or rolls back with the delivery.
delivery_settled = Signal()
