import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useDeferredValue, useId, useState } from 'react';
import { api } from '../../api.js';
import { useRoles } from '../../org-data.js';
import type { CustomerT, OrgT } from '../../types.js';
import { Field, Select } from '../../ui.js';
import { useMyAccess } from '../my-access-data.js';
import type { Workspace } from '../team/workspace.js';
import { type Audience, AUDIENCE_WORDS, customerLabel, useCustomerSearch, useProfiles } from './commerce-data.js';

/** Whether this org was set up for subscription commerce (seed 002): partner and customer users exist there. */
export function useCommerce(ws: Workspace): { commerce: boolean; myAudience: Audience } {
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  // Support staff have no access of their own to ask about; they read the org (as useOrg does).
  const org = useQuery({ queryKey: ['org', ws.orgId], enabled: ws.support, queryFn: () => api<OrgT>('GET', `/orgs/${ws.orgId}`) });
  const preset = ws.support ? org.data?.preset : access.data?.org.preset;
  return { commerce: preset === 'commerce', myAudience: ws.support ? 'staff' : (access.data?.audience ?? 'staff') };
}

/**
 * The customer accounts of a grant: checkboxes for partner users (one or more), radio buttons
 * for a customer user (exactly one). The list is searched on the server, and a partner
 * administrator's list holds only their own accounts; chosen accounts stay listed while searching.
 */
export function CustomerChoice(props: { orgId: string; single: boolean; selected: CustomerT[]; onChange: (picked: CustomerT[]) => void }) {
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const found = useCustomerSearch(props.orgId, q);
  const name = useId();
  const chosen = new Set(props.selected.map((c) => c.id));
  const shown = [...props.selected, ...(found.data?.items ?? []).filter((c) => !chosen.has(c.id))];
  return (
    <fieldset>
      <legend>{props.single ? 'Customer account (exactly one)' : 'Customer accounts they look after'}</legend>
      <Field label="Find a customer account" type="search" value={text} onChange={setText} />
      {shown.length === 0 ? (
        <p className="muted">{found.isLoading ? 'Looking…' : 'No customer account matches.'}</p>
      ) : (
        shown.map((c) => (
          <label key={c.id} className="check">
            <input
              type={props.single ? 'radio' : 'checkbox'}
              name={name}
              checked={chosen.has(c.id)}
              onChange={(e) => props.onChange(props.single ? [c] : e.target.checked ? [...props.selected, c] : props.selected.filter((x) => x.id !== c.id))}
            />{' '}
            {customerLabel(c)}
          </label>
        ))
      )}
    </fieldset>
  );
}

export interface AudienceGrant {
  commerce: boolean;
  audience: Audience;
  /** The audience picker, shown before the role. */
  audienceField: ReactNode;
  /** The profile and customer account pickers, shown after the role. */
  fields: ReactNode;
  /** Whether a role fits the chosen audience. */
  allowsRole: (role: string) => boolean;
  /** Customer users hold no role. */
  needsRole: boolean;
  ready: boolean;
  body: { audience?: Audience; profileId?: string; customerIds?: string[] };
}

/**
 * The audience part of an invitation (seed 002) in commerce orgs: whom they are to the business,
 * their profile and customer accounts. A partner administrator is offered only what they may
 * give: partner users, their own accounts, and their own profile when they cannot read the
 * others. The server checks again on submit.
 */
export function useAudienceGrant(ws: Workspace): AudienceGrant {
  const { commerce, myAudience } = useCommerce(ws);
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  const roles = useRoles(ws.orgId);
  const profiles = useProfiles(ws.orgId, commerce);
  const allowed: Audience[] = myAudience === 'staff' ? ['staff', 'partner', 'customer'] : myAudience === 'partner' ? ['partner'] : [];
  const [picked, setPicked] = useState<Audience | ''>('');
  const [profileId, setProfileId] = useState('');
  const [customers, setCustomers] = useState<CustomerT[]>([]);
  const audience: Audience = picked || allowed[0] || 'staff';
  const own = access.data?.profile;
  const profileChoices =
    profiles.data === null
      ? own && audience === myAudience
        ? [{ id: own.id, name: own.name }]
        : []
      : (profiles.data ?? []).filter((p) => p.audience === audience).map((p) => ({ id: p.id, name: p.name }));
  const profile = profileChoices.find((p) => p.id === profileId) ?? profileChoices[0];
  const roleAudience = new Map((roles.data ?? []).map((r) => [r.key, r.audience]));
  if (!commerce) {
    return { commerce, audience: 'staff', audienceField: null, fields: null, allowsRole: () => true, needsRole: true, ready: true, body: {} };
  }
  const outsider = audience !== 'staff';
  const audienceField =
    allowed.length > 1 ? (
      <Select
        label="They are"
        value={audience}
        onChange={(v) => {
          setPicked(v as Audience);
          setProfileId('');
          setCustomers([]);
        }}
        options={allowed.map((a) => ({ value: a, label: a === 'staff' ? 'Staff (an employee)' : a === 'partner' ? 'Partner user' : 'Customer user' }))}
      />
    ) : (
      <p className="muted">They join as a {AUDIENCE_WORDS[audience].toLowerCase()} user.</p>
    );
  const fields = outsider ? (
    <>
      {profileChoices.length === 0 ? (
        <p className="muted">There is no {audience} profile to give yet; a staff administrator makes profiles on the Profiles page.</p>
      ) : (
        <Select label="Profile" value={profile?.id ?? ''} onChange={setProfileId} options={profileChoices.map((p) => ({ value: p.id, label: p.name }))} />
      )}
      <CustomerChoice orgId={ws.orgId} single={audience === 'customer'} selected={customers} onChange={setCustomers} />
    </>
  ) : null;
  const ready = !outsider || (profile !== undefined && (audience === 'customer' ? customers.length === 1 : customers.length > 0));
  return {
    commerce,
    audience,
    audienceField,
    fields,
    allowsRole: (role) => (roleAudience.get(role) ?? 'staff') === audience,
    needsRole: audience !== 'customer',
    ready,
    body: outsider ? { audience, ...(profile ? { profileId: profile.id } : {}), customerIds: customers.map((c) => c.id) } : { audience },
  };
}
