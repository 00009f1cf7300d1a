"""Progress report pages, thin: each object comes through a guard of `reports.access`, each write
through a service of `reports.services`, each Excel download from `reports.exports`.

- `lists`: the report list (an officer's work list, central staff's review queue) and the completeness table;
- `report`: one report — its page, form, submission, review and evidence files;
- `periods`: the reporting periods of a plan.
"""
