import { useState } from 'react';
import { api } from '../../api.js';
import type { MemberDetailT } from '../../types.js';
import { Dialog, ErrorNote, Field, useSupportCheck, useSubmit } from '../../ui.js';

/**
 * First name, last name and phone of a member. These belong to the person, so a change shows in
 * every organization they are in (src/contracts/member.contract.ts `PatchMember`); an empty phone
 * clears it. Support staff give the requester check and reason like every other change. For
 * someone who also belongs to other businesses an admin's change is refused (`shared_profile`):
 * the error below says so, and the person changes them on their own account page.
 */
export function PersonalDetailsDialog(props: { orgId: string; member: MemberDetailT; support: boolean; onClose: () => void; onSaved: () => Promise<void> }) {
  const { member: m } = props;
  const [firstName, setFirst] = useState(m.firstName);
  const [lastName, setLast] = useState(m.lastName);
  const [phone, setPhone] = useState(m.phone ?? '');
  const support = useSupportCheck(props.support);
  const ready = firstName.trim() !== '' && lastName.trim() !== '' && support.ready;
  const submit = useSubmit(async () => {
    await api('PATCH', `/orgs/${props.orgId}/members/${m.userId}`, {
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      phone: phone.trim() === '' ? null : phone.trim(),
      ...(support.reason !== undefined ? { reason: support.reason } : {}),
    });
    await props.onSaved();
    props.onClose();
  });
  return (
    <Dialog title="Edit personal details" onClose={props.onClose}>
      <form onSubmit={submit.onSubmit}>
        <Field label="First name" value={firstName} onChange={setFirst} required autoComplete="off" />
        <Field label="Last name" value={lastName} onChange={setLast} required autoComplete="off" />
        <Field label="Phone" type="tel" value={phone} onChange={setPhone} autoComplete="off" hint="Leave empty to remove the number." />
        <p className="muted">The email address is the sign-in and cannot be changed here: {m.email}</p>
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!ready || submit.busy}>
            {submit.busy ? 'Saving…' : 'Save details'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
