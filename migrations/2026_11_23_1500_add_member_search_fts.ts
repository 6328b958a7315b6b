import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * SQLite only: a trigram full-text index over the team list's search key, the SQLite
 * counterpart of PostgreSQL's pg_trgm index (migration 1400). Without it a rare term
 * ("priya.moreau", ".4217@") made SQLite test `LIKE '%term%'` against all 100,000 members of
 * an org (25 ms p95 in bench/results); with it the search reads only the rows holding the
 * term's trigrams.
 *
 * The FTS table indexes `member_search_docs`, a copy of (org, user, search key) keyed by an
 * INTEGER PRIMARY KEY, rather than `memberships` itself: `memberships` has a composite key,
 * so its rowids are implicit and VACUUM may renumber them, which would point the index at
 * the wrong members. Triggers keep both tables in step with `memberships`, whatever code
 * path writes it. Frozen once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const statement of [
    `create table member_search_docs (
       id integer primary key,
       org_id text not null,
       user_id text not null,
       search_key text not null,
       unique (org_id, user_id))`,
    `create virtual table member_search using fts5(search_key, content='member_search_docs', content_rowid='id', tokenize='trigram')`,
    `create trigger member_search_docs_ai after insert on member_search_docs begin
       insert into member_search(rowid, search_key) values (new.id, new.search_key);
     end`,
    `create trigger member_search_docs_ad after delete on member_search_docs begin
       insert into member_search(member_search, rowid, search_key) values ('delete', old.id, old.search_key);
     end`,
    `create trigger member_search_docs_au after update of search_key on member_search_docs begin
       insert into member_search(member_search, rowid, search_key) values ('delete', old.id, old.search_key);
       insert into member_search(rowid, search_key) values (new.id, new.search_key);
     end`,
    `create trigger memberships_search_ai after insert on memberships begin
       insert into member_search_docs(org_id, user_id, search_key) values (new.org_id, new.user_id, new.search_key);
     end`,
    `create trigger memberships_search_ad after delete on memberships begin
       delete from member_search_docs where org_id = old.org_id and user_id = old.user_id;
     end`,
    `create trigger memberships_search_au after update of search_key on memberships begin
       update member_search_docs set search_key = new.search_key where org_id = new.org_id and user_id = new.user_id;
     end`,
    'insert into member_search_docs(org_id, user_id, search_key) select org_id, user_id, search_key from memberships',
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const name of ['memberships_search_ai', 'memberships_search_ad', 'memberships_search_au']) await sql.raw(`drop trigger if exists ${name}`).execute(db);
  await sql.raw('drop table if exists member_search').execute(db);
  await sql.raw('drop table if exists member_search_docs').execute(db);
}
