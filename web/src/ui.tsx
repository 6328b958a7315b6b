import { useMutation } from '@tanstack/react-query';
import { type ReactNode, type SyntheticEvent, useEffect, useId, useRef, useState } from 'react';
import { reasonInWords } from '../../src/services/decision-error.js';
import { messageOf } from './api.js';

/** A labelled input; every form control in the console has a visible label. */
export function Field(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  name?: string;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        required={props.required}
        placeholder={props.placeholder}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <small id={`${id}-hint`} className="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function Select(props: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; name?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** An error the user can act on; announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {messageOf(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

/** A policy reason as a sentence: no permission keys, ids or seed references, capital first, full stop last. */
export function plainReason(reason: string): string {
  const words = reasonInWords(reason);
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${/[.!?]$/.test(words) ? '' : '.'}`;
}

/** Why an action is not offered, shown where the button would be, in plain sentences. */
export function NotAllowed({ reasons }: { reasons: readonly string[] }) {
  const sentences = [...new Set(reasons.map(plainReason))];
  if (sentences.length === 0) return null;
  return (
    <div className="not-allowed" role="note">
      {sentences.map((r) => (
        <p key={r}>{r}</p>
      ))}
    </div>
  );
}

/** A modal dialog: focus moves in, Escape closes, focus returns to where it was. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  // The latest onClose, read by the key handler: callers pass inline arrows, and re-running the
  // effect on every parent render would pull focus back to the first field while typing.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.close)');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
      if (e.key !== 'Tab' || !ref.current) return;
      // Keep Tab inside the dialog (aria-modal): the page behind is inert for the user.
      const all = [...ref.current.querySelectorAll<HTMLElement>('a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled)')];
      const firstEl = all[0];
      const lastEl = all.at(-1);
      if (!firstEl || !lastEl) return;
      if (e.shiftKey && (document.activeElement === firstEl || !ref.current.contains(document.activeElement))) {
        e.preventDefault();
        lastEl.focus();
      } else if (!e.shiftKey && (document.activeElement === lastEl || !ref.current.contains(document.activeElement))) {
        e.preventDefault();
        firstEl.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, []);
  return (
    <div className="backdrop">
      <div className={wide ? 'dialog wide' : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={id} ref={ref}>
        <div className="dialog-head">
          <h2 id={id}>{title}</h2>
          <button type="button" className="close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

/**
 * The requester check and reason support staff give for every change to a merchant's org
 * (seed 000: "Confirm requester is authorized"); the reason goes into the audit log. Returns
 * the fields to render (none for merchants), whether they are filled in, and the reason to send.
 */
export function useSupportCheck(needed: boolean): { fields: ReactNode; ready: boolean; reason: string | undefined } {
  const [checked, setChecked] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  if (!needed) return { fields: null, ready: true, reason: undefined };
  const fields = (
    <fieldset className="reason">
      <legend>Support check</legend>
      <label className="check">
        <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> I confirmed the requester is authorized for this organization
      </label>
      <label htmlFor={reasonId}>Reason or ticket (goes into the audit log)</label>
      <textarea id={reasonId} value={reason} rows={2} maxLength={500} onChange={(e) => setReason(e.target.value)} />
    </fieldset>
  );
  return { fields, ready: checked && reason.trim().length > 0, reason: reason.trim() };
}

/**
 * A form's submit as a TanStack mutation: `busy` while `action` runs (buttons disable, so a
 * double click sends once), `error` for <ErrorNote>, and the page never reloads.
 */
export function useSubmit(action: () => Promise<unknown>) {
  const mutation = useMutation({ mutationFn: action });
  return {
    busy: mutation.isPending,
    error: mutation.error,
    /** For a form's onSubmit, or a lone button's onClick. */
    onSubmit: (e: SyntheticEvent) => {
      e.preventDefault();
      mutation.mutate();
    },
  };
}

/**
 * Confirms a change. Support staff must tick the requester check and give the reason that
 * goes into the audit log (seed 000: "Confirm requester is authorized").
 */
export function ConfirmDialog(props: {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  needsReason: boolean;
  onConfirm: (reason: string | undefined) => Promise<unknown>;
  onClose: () => void;
}) {
  const support = useSupportCheck(props.needsReason);
  const submit = useSubmit(async () => {
    await props.onConfirm(support.reason);
    props.onClose();
  });
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={submit.onSubmit}>
        <div className="dialog-body">{props.body}</div>
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={!support.ready || submit.busy}>
            {submit.busy ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A table that may scroll sideways. It is focusable so keyboard users can scroll it
 * (axe: scrollable-region-focusable), and named so screen readers announce what it holds.
 */
export function TableWrap({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: -- a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className={className ? `table-wrap ${className}` : 'table-wrap'} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
