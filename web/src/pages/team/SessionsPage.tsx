import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.js';
import { useRoles } from '../../org-data.js';
import { isStaff, useMe } from '../../session.js';
import type { PageT, SessionT } from '../../types.js';
import { ConfirmDialog, Empty, ErrorNote, Loading, Notice, TableWrap, when } from '../../ui.js';
import type { Workspace } from './workspace.js';

/** Seed 004's "admin sessions viewer": who is signed in, and ending a session (audited). */
export function SessionsTable({ sessions, onEnd }: { sessions: SessionT[]; onEnd: (s: SessionT) => void }) {
  return (
    <TableWrap label="Sessions">
      <table>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Device</th>
            <th scope="col">IP</th>
            <th scope="col">Started</th>
            <th scope="col">Last seen</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td data-label="Person">
                {s.name} <small>{s.email}</small>
                {s.current && <span className="badge">this browser</span>}
              </td>
              <td data-label="Device">{s.kind === 'token' ? `API token (${s.device})` : s.device}</td>
              <td data-label="IP">{s.ip ?? '—'}</td>
              <td data-label="Started">{when(s.startedAt)}</td>
              <td data-label="Last seen">{when(s.lastSeenAt)}</td>
              <td data-label="Actions">
                <button type="button" className="danger" onClick={() => onEnd(s)} aria-label={`End session of ${s.email} started ${when(s.startedAt)}`}>
                  End session
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function SessionsPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const [ending, setEnding] = useState<SessionT | null>(null);
  const [endingAll, setEndingAll] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['org-sessions', ws.orgId], queryFn: () => api<PageT<SessionT>>('GET', `/orgs/${ws.orgId}/sessions?limit=200`) });
  // Signing everyone out reaches every rank: top admins and support staff only (the API decides too).
  const me = useMe();
  const roles = useRoles(ws.orgId);
  const myRoles = me.memberships.find((m) => m.org.id === ws.orgId)?.roles ?? [];
  const isTop = isStaff(me) || myRoles.some((a) => roles.data?.find((r) => r.key === a.role)?.topAdmin);
  return (
    <section aria-labelledby="sess-h">
      <h1 id="sess-h">Who is signed in</h1>
      {isTop && (
        <p className="actions left">
          <button type="button" className="danger" onClick={() => setEndingAll(true)}>
            Sign everyone out
          </button>
        </p>
      )}
      {done && <Notice>{done}</Notice>}
      <ErrorNote error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : list.data && list.data.items.length === 0 ? (
        <Empty title="Nobody is signed in right now." />
      ) : (
        list.data && <SessionsTable sessions={list.data.items} onEnd={setEnding} />
      )}
      {ending && (
        <ConfirmDialog
          needsReason={ws.support}
          danger
          title={`End ${ending.name}’s session?`}
          confirmLabel="End session"
          body={<p>That browser is signed out at its next click. They can sign in again unless you also suspend them.</p>}
          onClose={() => setEnding(null)}
          onConfirm={async (reason) => {
            await api('DELETE', `/orgs/${ws.orgId}/sessions/${ending.id}`, reason ? { reason } : undefined);
            await qc.invalidateQueries({ queryKey: ['org-sessions', ws.orgId] });
          }}
        />
      )}
      {endingAll && (
        <ConfirmDialog
          needsReason={ws.support}
          danger
          title="Sign everyone out?"
          confirmLabel="Sign everyone out"
          body={
            <p>
              Every member of this organization is signed out on every device, except you in this browser. Use it when a shared password or a device may have leaked; they sign
              in again with their own passwords.
            </p>
          }
          onClose={() => setEndingAll(false)}
          onConfirm={async (reason) => {
            const r = await api<{ ended: number }>('DELETE', `/orgs/${ws.orgId}/sessions`, reason ? { reason } : undefined);
            setDone(`${r.ended} session${r.ended === 1 ? '' : 's'} ended.`);
            await qc.invalidateQueries({ queryKey: ['org-sessions', ws.orgId] });
          }}
        />
      )}
    </section>
  );
}
