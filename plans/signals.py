"""What the engine tells the apps above it, so it never has to know them.

`plan_issued` is sent inside the issuing transaction: a receiver's writes commit or roll back with
the plan. A receiver may return a sentence for the planner (shown after the plan is issued)."""

from django.dispatch import Signal

plan_issued = Signal()  # sender=Plan, plan=, by=
