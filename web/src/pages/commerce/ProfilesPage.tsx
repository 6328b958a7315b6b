import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api.js';
import type { ProfileT } from '../../types.js';
import { ConfirmDialog, Dialog, Empty, ErrorNote, Field, Loading, Select, TableWrap, useSubmit, useSupportCheck } from '../../ui.js';
import { useMyAccess } from '../my-access-data.js';
import type { Workspace } from '../team/workspace.js';
import { levelsInWords, PAYMENT_METHODS, PAYMENT_WORDS, paysInvoices, useProfiles } from './commerce-data.js';
import { type Levels, LevelGrid } from './LevelGrid.js';

type ConfigValue = string | number | boolean;

/** "name = value" lines, as people type them; numbers and true/false keep their type. */
function configToText(config: Record<string, ConfigValue>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join('\n');
}

function textToConfig(text: string): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    if (!key) continue;
    out[key] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

const AUDIENCES = [
  { value: 'partner', label: 'Partner users' },
  { value: 'customer', label: 'Customer users' },
] as const;

/** Create or edit a profile: its name, whom it is for, the level grid and the customer hub values. */
function ProfileDialog({ ws, profile, onClose }: { ws: Workspace; profile: ProfileT | null; onClose: () => void }) {
  const qc = useQueryClient();
  const gridId = useId().replace(/:/g, '');
  const [name, setName] = useState(profile?.name ?? '');
  const [audience, setAudience] = useState<'partner' | 'customer'>(profile?.audience ?? 'customer');
  const [levels, setLevels] = useState<Levels>((profile?.levels ?? {}) as Levels);
  const [methods, setMethods] = useState<string[]>(profile?.paymentMethods ?? []);
  const [home, setHome] = useState(profile?.homeTemplate ?? '');
  const [config, setConfig] = useState(configToText(profile?.configuration ?? {}));
  const support = useSupportCheck(ws.support);
  const pays = paysInvoices(levels);
  const submit = useSubmit(async () => {
    const body = {
      name: name.trim(),
      levels,
      paymentMethods: pays ? methods : [],
      homeTemplate: home.trim() || null,
      configuration: textToConfig(config),
      ...(support.reason ? { reason: support.reason } : {}),
    };
    if (profile) await api('PATCH', `/orgs/${ws.orgId}/profiles/${profile.id}`, body);
    else await api('POST', `/orgs/${ws.orgId}/profiles`, { ...body, audience });
    await qc.invalidateQueries({ queryKey: ['profiles', ws.orgId] });
    onClose();
  });
  return (
    <Dialog title={profile ? `Edit ${profile.name}` : 'New profile'} onClose={onClose} wide>
      <form onSubmit={submit.onSubmit}>
        <Field label="Profile name" value={name} onChange={setName} required />
        {profile ? (
          <p className="muted">For {profile.audience === 'partner' ? 'partner users' : 'customer users'}.</p>
        ) : (
          <Select label="For" value={audience} onChange={(v) => setAudience(v as 'partner' | 'customer')} options={[...AUDIENCES]} />
        )}
        <LevelGrid idPrefix={gridId} levels={levels} onChange={setLevels} />
        {pays && (
          <fieldset>
            <legend>Payment methods they may pay with</legend>
            {PAYMENT_METHODS.map((m) => (
              <label key={m} className="check">
                <input type="checkbox" checked={methods.includes(m)} onChange={(e) => setMethods(e.target.checked ? [...methods, m] : methods.filter((x) => x !== m))} />{' '}
                {PAYMENT_WORDS[m]}
              </label>
            ))}
          </fieldset>
        )}
        <Field label="Subscription home template (optional)" value={home} onChange={setHome} hint="The home page people with this profile see, e.g. Standard or Self-service." />
        <div className="field">
          <label htmlFor={`${gridId}-config`}>Configuration values (optional)</label>
          <textarea
            id={`${gridId}-config`}
            rows={3}
            value={config}
            onChange={(e) => setConfig(e.target.value)}
            aria-describedby={`${gridId}-config-hint`}
          />
          <small id={`${gridId}-config-hint`} className="hint">
            One per line, as name = value, e.g. show_usage = true.
          </small>
        </div>
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={submit.busy || !support.ready || !name.trim()}>
            {submit.busy ? 'Saving…' : profile ? 'Save changes' : 'Create profile'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Seed 002 "Profiles & Permissions": the named sets of access levels partner and customer users
 * hold, listed per audience. A profile someone still uses is not deleted; the refusal says so.
 */
export function ProfilesPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  const held = new Set(access.data?.orgWidePermissions ?? []);
  const canAdd = ws.support || held.has('profiles:create');
  const canEdit = ws.support || held.has('profiles:update');
  const canDelete = ws.support || held.has('profiles:delete');
  const profiles = useProfiles(ws.orgId);
  const [audience, setAudience] = useState('');
  const [editing, setEditing] = useState<ProfileT | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ProfileT | null>(null);
  const items = (profiles.data ?? []).filter((p) => audience === '' || p.audience === audience);
  return (
    <section aria-labelledby="profiles-h">
      <div className="page-head">
        <h1 id="profiles-h">Profiles</h1>
        {canAdd && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New profile
          </button>
        )}
      </div>
      <p className="muted">A profile says what partner and customer users may do in the customer accounts they work with.</p>
      <div className="filters">
        <Select label="Show profiles for" value={audience} onChange={setAudience} options={[{ value: '', label: 'Everyone' }, ...AUDIENCES]} />
      </div>
      <ErrorNote error={profiles.error} />
      {profiles.data === null && <p>Only staff administrators see the profiles.</p>}
      {profiles.isLoading ? (
        <Loading />
      ) : profiles.data && items.length === 0 ? (
        <Empty title={audience ? 'No profiles for them yet.' : 'No profiles yet.'}>{canAdd && <p>Use “New profile” to make one.</p>}</Empty>
      ) : profiles.data ? (
        <TableWrap label="Profiles">
          <table>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">For</th>
                <th scope="col">What it allows</th>
                {(canEdit || canDelete) && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td data-label="Profile">{p.name}</td>
                  <td data-label="For">{p.audience === 'partner' ? 'Partner users' : 'Customer users'}</td>
                  <td data-label="What it allows">{levelsInWords(p.levels)}</td>
                  {(canEdit || canDelete) && (
                    <td data-label="Actions" className="row-actions">
                      {canEdit && (
                        <button type="button" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                          Edit
                        </button>
                      )}
                      {canDelete && (
                        <button type="button" className="danger" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                          Delete
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {editing && <ProfileDialog ws={ws} profile={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          body={<p>The profile is deleted. Nobody may still use it: move its people to another profile first.</p>}
          confirmLabel="Delete profile"
          danger
          needsReason={ws.support}
          onConfirm={async (reason) => {
            await api('DELETE', `/orgs/${ws.orgId}/profiles/${deleting.id}`, reason ? { reason } : undefined);
            await qc.invalidateQueries({ queryKey: ['profiles', ws.orgId] });
          }}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
