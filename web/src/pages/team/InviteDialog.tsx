import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api.js';
import { useInviteOptions, useStores } from '../../org-data.js';
import { Dialog, ErrorNote, Field, Notice, Select } from '../../ui.js';
import { StoreChecks } from './StoreChecks.js';
import type { Workspace } from './workspace.js';

/**
 * Seeds 000 and 001: the dialog offers only the roles and stores the signed-in person may give
 * (the server decides, through `/invitations/options`, and checks again on submit).
 */
export function InviteDialog({ ws, onClose, initial }: { ws: Workspace; onClose: () => void; initial?: { email: string; role: string; storeIds: string[] } }) {
  const qc = useQueryClient();
  const options = useInviteOptions(ws.orgId);
  const stores = useStores(ws.orgId);
  const [email, setEmail] = useState(initial?.email ?? '');
  const [role, setRole] = useState(initial?.role ?? '');
  const [storeIds, setStoreIds] = useState<string[]>(initial?.storeIds ?? []);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const reasonId = useId();
  const opts = options.data;
  const chosen = opts?.roles.find((r) => r.role === role) ?? opts?.roles[0];
  const roleKey = chosen?.role ?? '';
  const allowedStores = (stores.data ?? []).filter((s) => s.status === 'active' && (chosen?.storeIds === 'all' || chosen?.storeIds.includes(s.id)));
  const picked = chosen?.scope === 'store' && storeIds.length === 0 && opts?.defaultStoreId ? [opts.defaultStoreId] : storeIds;
  return (
    <Dialog title="Invite user" onClose={onClose}>
      {sent ? (
        <>
          <Notice>Invitation sent to {sent}. It shows as pending until they accept.</Notice>
          <div className="actions">
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              const assignment = chosen?.scope === 'store' ? { role: roleKey, storeIds: picked } : { role: roleKey };
              await api('POST', `/orgs/${ws.orgId}/invitations`, { email, roles: [assignment], ...(ws.support ? { reason } : {}) });
              await qc.invalidateQueries({ queryKey: ['invitations', ws.orgId] });
              setSent(email);
            } catch (err) {
              setError(err);
            }
          }}
        >
          <Field label="Email (this will be their sign-in)" type="email" value={email} onChange={setEmail} required hint="Check the spelling: the invitation only works for this exact address." />
          {opts && opts.roles.length > 0 ? (
            <Select
              label="Role"
              value={roleKey}
              onChange={(v) => {
                setRole(v);
                setStoreIds([]);
              }}
              options={opts.roles.map((r) => ({ value: r.role, label: `${r.name}${r.scope === 'store' ? ' (selected stores)' : ' (all stores)'}` }))}
            />
          ) : (
            <p className="muted">Loading roles…</p>
          )}
          {chosen?.scope === 'store' && <StoreChecks legend="Stores" stores={allowedStores} selected={picked} onChange={setStoreIds} />}
          {ws.support && (
            <fieldset className="reason">
              <legend>Support check</legend>
              <label htmlFor={reasonId}>Requester check and reason (goes into the audit log)</label>
              <textarea id={reasonId} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required />
            </fieldset>
          )}
          <ErrorNote error={error} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!roleKey || (chosen?.scope === 'store' && picked.length === 0)}>
              Send invite
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
