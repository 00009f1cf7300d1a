"""What each role may do in the register of instruments and the certificates of coverage."""

from accounts.models import User

ROLE_PERMISSIONS = {
    User.Role.ADMINISTRATOR: [
        "agreements.manage_agreements", "agreements.view_all_certificates", "agreements.record_certificates",
        "agreements.view_coverageaccesslog",
    ],
    User.Role.CENTRAL_PLANNER: [
        "agreements.manage_agreements", "agreements.view_all_certificates", "agreements.record_certificates",
    ],
    # Leadership is central staff: it reads every certificate but records none.
    User.Role.LEADERSHIP: ["agreements.view_all_certificates"],
    # An officer records certificates for their own office only (see views.coverage_create).
    User.Role.UNIT_OFFICER: ["agreements.record_certificates"],
}
