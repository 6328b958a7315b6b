import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../api.js';
import { isStaff, useMe } from '../../session.js';
import type { DevMailT } from '../../types.js';
import { Empty, ErrorNote, Loading, when } from '../../ui.js';

/** Links in mail point at the public URL; open them on this console instead. */
function localLinks(text: string): { label: string; href: string }[] {
  const out: { label: string; href: string }[] = [];
  for (const m of text.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
    try {
      const u = new URL(m[0]);
      if (['/accept-invite', '/reset-password', '/sign-in', '/setup'].includes(u.pathname)) out.push({ label: u.pathname.replace('/', '').replace('-', ' '), href: `${u.pathname}${u.hash}` });
    } catch {
      // not a URL
    }
  }
  return out;
}

/**
 * The development outbox (no SMTP configured): every mail the service would have sent. Platform
 * staff only: the mail holds other people's sign-in links.
 */
export function Mailbox() {
  const staff = isStaff(useMe());
  const q = useQuery({ queryKey: ['dev-mail'], queryFn: () => api<{ items: DevMailT[] }>('GET', '/dev/mail'), refetchInterval: 5000, enabled: staff, retry: false });
  const [open, setOpen] = useState<string | null>(null);
  if (!staff) return <Empty title="There is no page here.">Use the menu to find what you need.</Empty>;
  return (
    <section aria-labelledby="mail-h">
      <h1 id="mail-h">Development mailbox</h1>
      <p className="muted">Mail is kept here because no SMTP server is configured. Never enabled in production.</p>
      {q.error instanceof ApiError && q.error.status === 404 ? (
        <Empty title="The development mailbox is off here.">Mail is sent by the mail server, so it is not kept here.</Empty>
      ) : (
        <ErrorNote error={q.error} />
      )}
      {q.error ? null : q.isLoading ? (
        <Loading />
      ) : !q.data?.items.length ? (
        <Empty title="No mail yet." />
      ) : (
        <ul className="mail">
          {q.data.items.map((m) => (
            <li key={m.id}>
              <button type="button" className="link" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>
                <strong>{m.subject}</strong> — to {m.to} <small>{when(m.createdAt)}</small>
              </button>
              <div className="mail-links">
                {localLinks(m.text).map((l) => (
                  <a key={l.href} href={l.href} aria-label={`Open ${l.label} link from the mail to ${m.to}`}>
                    Open {l.label} link
                  </a>
                ))}
              </div>
              {open === m.id && <pre className="mail-text">{m.text}</pre>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
