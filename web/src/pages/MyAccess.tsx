import { Link, Redirect } from '../router.js';
import { useMe } from '../session.js';
import { Empty, ErrorNote, Loading } from '../ui.js';
import { type MyAccessT, orgPagesFor, useMyAccess } from './my-access-data.js';

/**
 * `/orgs/:orgId`: where a member lands. People who can see the team get the Team page; everyone
 * else (a cashier, a stocker, an accountant) gets My access, never a page that refuses them.
 */
export function OrgHome({ orgId }: { orgId: string }) {
  const access = useMyAccess(orgId);
  if (access.isLoading) return <Loading />;
  if (access.data && orgPagesFor(access.data).team) return <Redirect to={`/orgs/${orgId}/team`} />;
  return <Redirect to={`/orgs/${orgId}/my-access`} />;
}

function mailto(a: { name: string; email: string }): string {
  return `mailto:${encodeURIComponent(a.email)}?subject=${encodeURIComponent('Access request')}`;
}

/** "ask Hana Okafor or Ben Carter, your admins" — a sentence with a mail link per admin. */
function AskForMore({ data, myId }: { data: MyAccessT; myId: string }) {
  const others = data.admins.filter((a) => a.userId !== myId);
  const iAmAdmin = others.length < data.admins.length;
  if (iAmAdmin) {
    return (
      <p>
        You are an admin of {data.org.name}: you give people roles and stores on the <Link to={`/orgs/${data.org.id}/team`}>Team</Link> page. For changes to your own access, ask another admin or platform support.
      </p>
    );
  }
  if (others.length === 0) {
    return <p>{data.org.name} has no active admin right now. Ask your manager to contact platform support, who can restore an admin.</p>;
  }
  const names = others.map((a) => a.name);
  const last = names.length - 1;
  const more = data.audience === 'staff' ? 'To work in another store or do more than your roles allow' : 'To do more than your profile allows';
  return (
    <p>
      {more}, ask{' '}
      {others.map((a, i) => (
        <span key={a.userId}>
          {i > 0 && (i === last ? ' or ' : ', ')}
          <a href={mailto(a)}>{a.name}</a>
        </span>
      ))}
      , {others.length === 1 ? 'your admin' : 'your admins'}. Say {data.audience === 'staff' ? 'which store you need' : 'which customer account it is about'} and what you need to do there; they can change your access and it counts straight away.
    </p>
  );
}

/**
 * Seed 002: a partner or customer user's customer accounts and what their profile lets them do
 * there, in plain words.
 */
function CustomerAccess({ data }: { data: MyAccessT }) {
  const one = data.audience === 'customer';
  return (
    <>
      <h2>{one ? 'My customer account' : 'My customer accounts'}</h2>
      {data.customers.length === 0 ? (
        <Empty title="You are not linked to a customer account yet.">
          <p>Ask an admin below to link you to the account you work with.</p>
        </Empty>
      ) : (
        <ul aria-label={one ? 'My customer account' : 'My customer accounts'}>
          {data.customers.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>
              {c.number && <span className="muted"> — account number {c.number}</span>}
            </li>
          ))}
        </ul>
      )}
      <h2>What I can do</h2>
      {data.profile === null ? (
        <p>You have no profile yet, so you cannot use anything in your customer accounts. Ask an admin below for one.</p>
      ) : (
        <article aria-labelledby="my-profile-h">
          <h3 id="my-profile-h">
            Your profile: {data.profile.name} <span className="muted">{one ? 'in your account' : 'in the accounts above'}</span>
          </h3>
          {data.profile.canDo.length === 0 ? (
            <p>This profile lets you do nothing yet.</p>
          ) : (
            <ul aria-label="What your profile lets you do">
              {data.profile.canDo.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </article>
      )}
    </>
  );
}

/** A member's own access in plain words: stores, roles and what each allows, and whom to ask for more. */
export function MyAccess({ orgId }: { orgId: string }) {
  const me = useMe();
  const access = useMyAccess(orgId);
  if (access.isLoading) return <Loading />;
  const data = access.data;
  return (
    <section aria-labelledby="my-access-h">
      <h1 id="my-access-h">My access</h1>
      <ErrorNote error={access.error} />
      {data && (
        <>
          <p>
            What you can do at <strong>{data.org.name}</strong>
            {data.isOwner ? ', where you are the account owner.' : '.'}
          </p>

          {data.audience !== 'staff' && <CustomerAccess data={data} />}

          {data.audience === 'staff' && <h2>My stores</h2>}
          {data.audience !== 'staff' ? null : data.stores.length === 0 ? (
            <Empty title="You are not assigned to a store yet.">
              <p>Ask an admin below to add you to the store you work in.</p>
            </Empty>
          ) : (
            <ul aria-label="My stores">
              {data.stores.map((s) => (
                <li key={s.id}>
                  <strong>{s.name}</strong>
                  {s.address && <span className="muted"> — {s.address}</span>}
                </li>
              ))}
            </ul>
          )}

          {data.audience !== 'customer' && <h2>My roles</h2>}
          {data.audience === 'customer' ? null : data.roles.length === 0 ? (
            <p>You have no role here yet, so you cannot use anything. Ask an admin below for the role you need.</p>
          ) : (
            data.roles.map((r) => (
              <article key={r.key} aria-labelledby={`role-${r.key}`}>
                <h3 id={`role-${r.key}`}>
                  {r.name} <span className="muted">{r.where}</span>
                </h3>
                {r.canDo.length === 0 ? (
                  <p>This role lets you do nothing yet.</p>
                ) : (
                  <ul aria-label={`What ${r.name} lets you do`}>
                    {r.canDo.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </article>
            ))
          )}
          {data.exceptions.length > 0 && (
            <>
              <h3>Changes made just for you</h3>
              <ul>
                {data.exceptions.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}

          <h2>My admins</h2>
          {data.admins.length === 0 ? (
            <p>There is no active admin right now.</p>
          ) : (
            <ul aria-label="My admins">
              {data.admins.map((a) => (
                <li key={a.userId}>
                  {a.name}
                  {a.isOwner && ' (account owner)'}
                  {a.userId === me.user.id && ' (you)'} — <a href={mailto(a)}>{a.email}</a>
                </li>
              ))}
            </ul>
          )}

          <h2>Need more access?</h2>
          <AskForMore data={data} myId={me.user.id} />
        </>
      )}
    </section>
  );
}
