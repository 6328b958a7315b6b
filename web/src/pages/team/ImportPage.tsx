import type { Static } from '@sinclair/typebox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportDryRun, ImportStatusView } from '../../../../src/contracts/import.contract.js';
import { countOf } from '../../../../src/domain/plural.js';
import { api, qs, uploadCsv } from '../../api.js';
import { Link } from '../../router.js';
import { ErrorNote, Notice, Select, TableWrap, useSubmit } from '../../ui.js';
import type { Workspace } from './workspace.js';

type DryRunT = Static<typeof ImportDryRun>;
type StatusT = Static<typeof ImportStatusView>;

const OUTCOME: Record<string, string> = { create: 'Will be added', update: 'Will be updated', unchanged: 'Already up to date', error: 'Not imported' };
const MODES = [
  { value: 'invite', label: 'Send invitations (people accept and choose a password)' },
  { value: 'create', label: 'Create accounts now (people get a link to choose a password)' },
];

/**
 * Importing people from a CSV file: the file is checked first (a dry run that changes nothing and
 * reports every row), and only then imported. Large files run in the background; the page shows
 * their progress. The team's own export is the template.
 */
export function ImportPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState('invite');
  const [check, setCheck] = useState<DryRunT | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const query = (dryRun: boolean) => qs({ dryRun: dryRun ? 'true' : undefined, mode, fileName: file?.name });
  const checkFile = useSubmit(async () => {
    setCheck(null);
    setRunId(null);
    if (file) setCheck(await uploadCsv<DryRunT>(`/orgs/${ws.orgId}/imports${query(true)}`, file));
  });
  const runImport = useSubmit(async () => {
    if (!file) return;
    const started = await uploadCsv<StatusT>(`/orgs/${ws.orgId}/imports${query(false)}`, file);
    setRunId(started.id);
  });
  const status = useQuery({
    queryKey: ['import', ws.orgId, runId],
    queryFn: () => api<StatusT>('GET', `/orgs/${ws.orgId}/imports/${runId}`),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const run = status.data;
  if (run && run.status !== 'running') void qc.invalidateQueries({ queryKey: ['members', ws.orgId] });
  const importable = check ? check.counts.created + check.counts.updated : 0;
  return (
    <section aria-labelledby="import-h">
      <h1 id="import-h">Import people</h1>
      <p>
        Upload a CSV file with a header row and the columns <strong>email, first name, last name, phone, role, stores</strong> (store codes separated by “;”). The
        easiest start is <a href={`/api/v1/orgs/${ws.orgId}/members/export.csv`}>the team as a CSV file</a>: edit it in a spreadsheet and import it back. Each row gets
        the same checks as an invitation; rows with problems are reported and the others go ahead.
      </p>
      <form className="narrow" onSubmit={checkFile.onSubmit}>
        <label htmlFor="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setCheck(null);
            setRunId(null);
          }}
        />
        <Select label="What to do with new people" value={mode} onChange={(v) => {
            setMode(v);
            setCheck(null);
          }} options={MODES} />
        <ErrorNote error={checkFile.error} />
        <button type="submit" className="primary" disabled={!file || checkFile.busy}>
          {checkFile.busy ? 'Checking…' : 'Check the file'}
        </button>
      </form>
      {check && !runId && (
        <>
          <h2>What the import would do</h2>
          <p>
            {countOf(check.totalRows, 'row')}: {check.counts.created} to add, {check.counts.updated} to update, {check.counts.unchanged} already up to date,{' '}
            {countOf(check.counts.errors, 'row')} with problems. Nothing has changed yet.
          </p>
          {check.ignoredColumns.length > 0 && <p className="muted">Columns not used: {check.ignoredColumns.join(', ')}.</p>}
          <TableWrap label="Rows of the file">
            <table>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Email</th>
                  <th scope="col">Result</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {check.rows.slice(0, 500).map((r) => (
                  <tr key={r.row} className={r.outcome === 'error' ? 'row-error' : undefined}>
                    <td>{r.row}</td>
                    <td>{r.email}</td>
                    <td>{OUTCOME[r.outcome]}</td>
                    <td>{r.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {check.rows.length > 500 && <p className="muted">The first 500 rows are shown; the report after the import has all of them.</p>}
          <ErrorNote error={runImport.error} />
          <button type="button" className="primary" disabled={importable === 0 || runImport.busy} onClick={runImport.onSubmit}>
            {runImport.busy ? 'Starting…' : importable === 0 ? 'Nothing to import' : `Import ${countOf(importable, 'person', 'people')}`}
          </button>
        </>
      )}
      {run && (
        <>
          <h2>{run.status === 'running' ? 'Importing…' : run.status === 'completed' ? 'Import finished' : 'Import stopped'}</h2>
          {run.status === 'running' && (
            <progress max={Math.max(1, run.totalRows)} value={run.processedRows} aria-label="Import progress">
              {run.processedRows} of {run.totalRows}
            </progress>
          )}
          {run.status !== 'running' && (
            <Notice>
              {run.counts.created} added, {run.counts.updated} updated, {run.counts.unchanged} already up to date, {countOf(run.counts.errors, 'row')} not imported.
            </Notice>
          )}
          {run.failure && <p className="error">{run.failure} Import the same file again to finish it; rows already done are not repeated.</p>}
          <p>
            <a href={`/api/v1/orgs/${ws.orgId}/imports/${run.id}/report.csv`}>Download the report</a> (every row with its result) ·{' '}
            <Link to={`${ws.base}/team`}>Back to the team</Link>
          </p>
        </>
      )}
    </section>
  );
}
