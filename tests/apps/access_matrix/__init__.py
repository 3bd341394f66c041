"""Access matrix: every route of the one NinjaAPI, walked by eight callers.

The callers (world.py): anonymous; candidate C (not available) who applied to an open job of
organization A with disclosure `DURING_APPLICATION`; another candidate D; three employers of A:
its owner EA, a plain member M and an admin AD; the owner EB of organization B (C did not apply
there); and a staff user S. M and AD get EA's status unless a row says otherwise: they differ
from the owner only in managing the organization, its invitations, members and bias audit, and
in what belongs to EA alone (EA's notes, threads and account). Each row of a table is
one mounted route and method (and, where one route is walked on several objects, a variant) with
the status each caller gets (contract sections 2, 4-6, 8-11 and docs/domain-rules.md: 404 for a
caller who may not see an object, 403 for one who may see it but not change it). Writes also
assert their effect: it happened exactly for the callers the table allows.

One module per router (test_candidates, test_organizations, test_accounts, test_jobs,
test_platform); each exports its `ROWS`. test_route_coverage builds the set of (method, mounted
route) from the real NinjaAPI, every bound router included (a plugin's too), and fails unless
the rows of this package walk exactly that set.

Every (row, caller) case gets a fresh world built with factories, so destructive rows do not
disturb the others.
"""
