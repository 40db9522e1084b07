'use client';

import type { components } from '@todo/openapi';
import { useId, useState } from 'react';
import { browserApi } from '@/lib/api/browser';
import { problemMessage } from '@/lib/api/problem';
import { useToasts } from '@/components/ui/toaster';

type Counts = components['schemas']['ImportResult'];
type Problem = components['schemas']['Problem'];

/** A chosen file, read and checked by a dry run: what the import will create, or why it cannot. */
interface Upload {
  fileName: string;
  csv: boolean;
  text: string;
  /** One key per chosen file: pressing Import twice (or a retry) creates it once. */
  key: string;
  preview?: Counts;
  problem?: { message: string; lines: string[] };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const describe = (c: Counts) =>
  `${plural(c.projects, 'project')}, ${plural(c.sections, 'section')} and ${plural(c.tasks, 'task')}`;

/** Sends the upload as CSV text or as the parsed JSON document; `dryRun` only checks it. */
async function send(upload: Upload, dryRun: boolean) {
  const api = await browserApi();
  const query = {
    dryRun: dryRun ? 'true' : 'false',
    ...(upload.csv ? { name: projectName(upload.fileName) } : {}),
  };
  if (upload.csv) {
    return api.POST('/api/v1/import', {
      params: { query: query as never },
      body: upload.text as never,
      bodySerializer: (body: unknown) => body as string,
      headers: { 'Content-Type': 'text/csv', ...(dryRun ? {} : { 'Idempotency-Key': upload.key }) },
    });
  }
  return api.POST('/api/v1/import', {
    params: { query: query as never },
    body: JSON.parse(upload.text) as never,
    headers: dryRun ? {} : { 'Idempotency-Key': upload.key },
  });
}

const projectName = (fileName: string) =>
  fileName
    .replace(/\.csv$/i, '')
    .trim()
    .slice(0, 120) || 'Imported';

/** Settings → Import and export: download everything as JSON; bring in an export or a Todoist CSV, after a preview. */
export function ImportExport() {
  const id = useId();
  const toasts = useToasts();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const api = await browserApi();
      const { data, error } = await api.GET('/api/v1/export');
      if (!data) throw new Error(problemMessage(error as Partial<Problem> | undefined));
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `todo-export-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      toasts.show({ tone: 'error', message: `Could not export: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  const choose = async (file: File | undefined) => {
    if (!file) return setUpload(null);
    const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    const next: Upload = { fileName: file.name, csv, text: await file.text(), key: crypto.randomUUID() };
    if (!csv) {
      try {
        JSON.parse(next.text);
      } catch {
        return setUpload({
          ...next,
          problem: { message: 'This file is neither a CSV nor an export (JSON).', lines: [] },
        });
      }
    }
    setBusy(true);
    const answer = await send(next, true).catch(() => undefined);
    setBusy(false);
    setUpload(
      answer?.data ? { ...next, preview: answer.data } : { ...next, problem: problemOf(answer?.error) },
    );
  };

  const commit = async () => {
    if (!upload?.preview) return;
    setBusy(true);
    const answer = await send(upload, false).catch(() => undefined);
    setBusy(false);
    if (!answer?.data) return setUpload({ ...upload, preview: undefined, problem: problemOf(answer?.error) });
    toasts.show({ tone: 'success', message: `Imported ${describe(answer.data)}.` });
    setUpload(null);
    // The sidebar lists projects from the server: a full reload shows the new ones.
    window.location.reload();
  };

  return (
    <section aria-labelledby={`${id}-title`} className="mb-10 space-y-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Import and export
      </h2>
      <div className="space-y-3 rounded-2xl border border-border bg-surface p-5">
        <p className="text-sm text-muted">
          Download everything you own — projects, sections and tasks — as one JSON file you can import here
          again.
        </p>
        <button type="button" className="btn-ghost" disabled={busy} onClick={() => void download()}>
          Download export
        </button>
      </div>
      <div className="space-y-3 rounded-2xl border border-border bg-surface p-5">
        <label className="label" htmlFor={`${id}-file`}>
          Import an export (.json) or a Todoist project template (.csv)
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          className="block text-sm"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        {upload?.preview ? (
          <div role="status" className="space-y-3" data-testid="import-preview">
            <p className="text-sm">
              “{upload.fileName}” will create {describe(upload.preview)}. Nothing is created until you import.
            </p>
            <button type="button" className="btn-primary" disabled={busy} onClick={() => void commit()}>
              {busy ? 'Importing…' : 'Import'}
            </button>
          </div>
        ) : null}
        {upload?.problem ? (
          <div
            role="alert"
            className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger"
            data-testid="import-problem"
          >
            <p>{upload.problem.message}</p>
            {upload.problem.lines.length ? (
              <ul className="mt-1 list-disc pl-5">
                {upload.problem.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function problemOf(error: unknown): { message: string; lines: string[] } {
  const problem = error as Partial<Problem> | undefined;
  if (!problem) return { message: 'Could not reach the server; try again.', lines: [] };
  const lines = (problem.errors ?? []).slice(0, 10).map((e) => `${e.path}: ${e.message}`);
  if (problem.status === 413) return { message: 'This file is too large to import in one go.', lines };
  return { message: lines.length ? 'This file cannot be imported:' : problemMessage(problem), lines };
}
