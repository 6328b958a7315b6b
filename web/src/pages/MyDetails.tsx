import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { useMe } from '../session.js';
import { ErrorNote, Field, Notice, useSubmit } from '../ui.js';

/**
 * My name and phone (`PATCH /me`). They show in every organization I belong to; an admin of one
 * of them may change them only while I belong to that organization alone, so this is where
 * someone who works for several businesses changes them.
 */
export function MyDetails() {
  const me = useMe();
  const qc = useQueryClient();
  const [firstName, setFirst] = useState(me.user.firstName);
  const [lastName, setLast] = useState(me.user.lastName);
  const [phone, setPhone] = useState(me.user.phone ?? '');
  const [saved, setSaved] = useState(false);
  const submit = useSubmit(async () => {
    setSaved(false);
    await api('PATCH', '/me', { firstName: firstName.trim(), lastName: lastName.trim(), phone: phone.trim() === '' ? null : phone.trim() });
    await qc.invalidateQueries({ queryKey: ['me'] });
    setSaved(true);
  });
  return (
    <form className="narrow" onSubmit={submit.onSubmit}>
      {saved && <Notice>Details saved. Every organization you belong to sees them.</Notice>}
      <Field label="First name" autoComplete="given-name" value={firstName} onChange={setFirst} required />
      <Field label="Last name" autoComplete="family-name" value={lastName} onChange={setLast} required />
      <Field label="Phone" type="tel" autoComplete="tel" value={phone} onChange={setPhone} hint="Leave empty to remove the number." />
      <ErrorNote error={submit.error} />
      <button type="submit" disabled={submit.busy || firstName.trim() === '' || lastName.trim() === ''}>
        {submit.busy ? 'Saving…' : 'Save my details'}
      </button>
    </form>
  );
}
