"""What the ground tells the apps above it, so it never has to know them.

`calendar_changed` is sent inside the transaction that changed the working calendar (a day an
administrator keeps, or the portal's deadline policy): a receiver's writes commit or roll back with
it. `day` is the day whose standing changed, or None when every day may have (the policy).

`figures_changed` is sent by a service that changed rows with an UPDATE, which sends no save signal
(`sender` is the model): whatever keeps figures of those rows moves on."""

from django.dispatch import Signal

calendar_changed = Signal()  # sender=WorkingDayException or PortalSettings, day=date | None
figures_changed = Signal()  # sender=the model whose rows an UPDATE changed
