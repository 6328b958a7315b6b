import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.js';
import { ConfirmDialog } from '../../ui.js';

/**
 * Support staff only, from the user detail view, for security cases:
 * deactivation is user-wide — every organization, every session — so it sits apart from the
 * org's own actions and asks for the requester check and reason like every support change.
 * Not offered for the account owner: the API refuses it until ownership is transferred.
 */
export function DeactivateUser({ userId, firstName, status, isOwner, onDone }: { userId: string; firstName: string; status: string; isOwner: boolean; onDone: (message: string) => void }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const deactivated = status === 'deactivated';
  if (isOwner && !deactivated) return null;
  return (
    <>
      <button type="button" className={deactivated ? undefined : 'danger'} onClick={() => setOpen(true)}>
        {deactivated ? 'Reactivate user' : 'Deactivate user (all organizations)'}
      </button>
      {open && (
        <ConfirmDialog
          needsReason
          danger={!deactivated}
          title={deactivated ? `Reactivate ${firstName}?` : `Deactivate ${firstName} everywhere?`}
          confirmLabel={deactivated ? 'Reactivate' : 'Deactivate'}
          body={
            deactivated ? (
              <p>{firstName} can sign in again and gets back the roles they held in each organization.</p>
            ) : (
              <p>
                {firstName} is signed out at once and cannot use any organization they belong to, not only this one; their history stays. Prefer “Remove from organization” unless
                this is a security case.
              </p>
            )
          }
          onClose={() => setOpen(false)}
          onConfirm={async (reason) => {
            await api('POST', `/users/${userId}/${deactivated ? 'reactivate' : 'deactivate'}`, { reason });
            await qc.invalidateQueries({ queryKey: ['member'] });
            await qc.invalidateQueries({ queryKey: ['members'] });
            onDone(deactivated ? `${firstName} is active again.` : `${firstName} is deactivated in every organization.`);
          }}
        />
      )}
    </>
  );
}
