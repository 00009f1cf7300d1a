"""What the engine tells the apps above it, so it never has to know them.

`plan_issued` is sent inside the issuing transaction: a receiver's writes commit or roll back with
the plan. A receiver may return a sentence for the planner (shown after the plan is issued).

The deadline signals are sent inside their service's transaction too, for the apps that tell people
(notifications records its reminders there; they go out once the transaction commits)."""

from django.dispatch import Signal

plan_issued = Signal()  # sender=Plan, plan=, by=
extension_requested = Signal()  # sender=ExtensionRequest, request=
extension_decided = Signal()  # sender=ExtensionRequest, request= (approved or refused)
explanation_requested = Signal()  # sender=ExplanationRequest, request=
explanation_answered = Signal()  # sender=ExplanationReply, reply=
