import { useEffect, useState } from 'react';
import { listAll } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatTime, nameIn } from '../shared/format.js';
import type { SheetRecord } from './PaperForms.js';
import { useDownload } from './ReportDownloads.js';
import type { OperationView } from './use-operation.js';
import { useThrottled } from './use-throttled.js';

type Sheet = SheetRecord & { issuedAt: string; lang: string; paper: string };

/**
 * The sheets printed for this operation, newest first: what each is of, when it was made and whether
 * it has been entered, with its PDF to print again (a sheet lost or spoilt before it was filled).
 */
export function SheetsList({
  view,
  session,
  mayPrint,
}: {
  view: OperationView;
  session: Session;
  mayPrint: boolean;
}) {
  const { t, lang } = useI18n();
  const { sheets, error } = useSheets(session, useThrottled(view.revision, 2000));
  const { busy, error: downloadError, download } = useDownload(session);
  const tz = view.operation?.timezone;
  const of = (s: Sheet): string => {
    if (s.convoyId) return view.convoys.find((c) => c.id === s.convoyId)?.code ?? '—';
    const cp = s.checkpointId ? view.checkpoints.find((c) => c.id === s.checkpointId) : undefined;
    return [cp ? `${cp.code} ${nameIn(cp, lang)}` : null, s.day].filter(Boolean).join(' · ') || '—';
  };
  return (
    <div className="stack" data-testid="sheets-list">
      <h3>{t('paper.sheets')}</h3>
      {error && <p role="alert">{error}</p>}
      {sheets?.length === 0 && <p className="muted">{t('paper.noSheets')}</p>}
      {sheets && sheets.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t('paper.code')}</th>
                <th scope="col">{t('paper.kind')}</th>
                <th scope="col">{t('paper.of')}</th>
                <th scope="col">{t('paper.made')}</th>
                <th scope="col">{t('paper.enteredAt')}</th>
                {mayPrint && <th scope="col">PDF</th>}
              </tr>
            </thead>
            <tbody>
              {sheets.map((s) => (
                <tr key={s.id} data-entered={s.enteredAt ? 'yes' : 'no'}>
                  <th scope="row">{s.code}</th>
                  <td>{t(`sheet.title.${s.kind}`)}</td>
                  <td dir="auto">{of(s)}</td>
                  <td>{formatTime(s.issuedAt, lang, tz)}</td>
                  <td>{s.enteredAt ? formatTime(s.enteredAt, lang, tz) : t('paper.notEntered')}</td>
                  {mayPrint && (
                    <td>
                      <button
                        type="button"
                        disabled={busy !== null}
                        aria-label={t('paper.printAgain', { code: s.code })}
                        onClick={() =>
                          void download(
                            s.id,
                            `/operations/${session.operationId}/sheets/${s.id}/document.pdf`,
                            `${s.code}.pdf`,
                          )
                        }
                      >
                        {busy === s.id ? t('loading') : 'PDF'}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {downloadError && <p role="alert">{downloadError}</p>}
    </div>
  );
}

/** The operation's sheets, newest first, read again as the log grows (a sheet made or entered). */
function useSheets(session: Session, revision: number) {
  const { problem } = useI18n();
  const [sheets, setSheets] = useState<Sheet[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listAll<Sheet>(session, 'sheets').then(
      (rows) => live && setSheets(rows.sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1))),
      (e: unknown) => live && setError(problem(e)),
    );
    return () => {
      live = false;
    };
  }, [session, revision, problem]);
  return { sheets, error };
}
