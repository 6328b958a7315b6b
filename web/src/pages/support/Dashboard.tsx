import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import { Link } from '../../router.js';
import type { DashboardT } from '../../types.js';
import { ErrorNote, Loading } from '../../ui.js';

/** Seed 000's AdminDashboardPage: each tile opens the list it counts. */
export function Dashboard() {
  const q = useQuery({ queryKey: ['support-dashboard'], queryFn: () => api<DashboardT>('GET', '/support/dashboard') });
  if (q.isLoading) return <Loading />;
  const d = q.data;
  const tiles: [string, number | undefined, string][] = [
    ['Organizations', d?.orgs, '/support/orgs'],
    ['Members', d?.members, '/support/people?state=member'],
    ['Pending invitations', d?.pendingInvitations, '/support/invitations?state=pending'],
    ['Expired invitations', d?.expiredInvitations, '/support/invitations?state=expired'],
    ['Locked accounts', d?.lockedAccounts, '/support/people?state=locked'],
    ['Deactivated users', d?.deactivatedUsers, '/support/people?state=deactivated'],
  ];
  return (
    <section aria-labelledby="dash-h">
      <h1 id="dash-h">Support dashboard</h1>
      <ErrorNote error={q.error} />
      <ul className="tiles">
        {tiles.map(([label, n, to]) => (
          <li key={label}>
            <Link to={to}>
              <span className="tile-n">{n ?? '—'}</span> <span>{label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p>
        A merchant asks for help? Find their org by <Link to="/support/owners">owner email</Link>, <Link to="/support/stores">store</Link> or{' '}
        <Link to="/support/orgs">name</Link>, then open its Access/IAM tab. Someone cannot sign in or reach a store?{' '}
        <Link to="/support/troubleshoot">Troubleshoot by email</Link>.
      </p>
    </section>
  );
}
