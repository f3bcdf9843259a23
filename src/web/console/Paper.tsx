import { useEffect, useRef, useState } from 'react';
import { parseSheetCode } from '../../contracts/paper/sheet-code.js';
import { apiFetch } from '../client/http.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { useCreate } from './use-create.js';
import { useDownload } from './ReportDownloads.js';
import { SheetForm, type SheetRecord } from './PaperForms.js';
import { SheetsList } from './PaperSheets.js';
import type { OperationView } from './use-operation.js';
import { nameIn } from '../shared/format.js';

/** Who prints which sheets (the server decides; the console offers only what it would allow). */
const PRINTS: Record<string, string[]> = {
  coordinator: ['manifest', 'tally', 'registration'],
  'post-officer': ['manifest', 'tally', 'registration'],
  protection: ['registration'],
};
/** Who enters filled sheets: counts by those who count, registration forms by the protection team. */
const ENTERS = new Set(['coordinator', 'post-officer', 'enumerator', 'protection']);

/**
 * Paper for when the power fails: sheets printed with a QR code that names them, and the filled sheet
 * entered later (scanned, photographed or typed), through a form shaped like it.
 */
export function Paper({ view, session }: { view: OperationView; session: Session }) {
  const { t } = useI18n();
  const role = view.role ?? '';
  return (
    <section aria-labelledby="paper-heading" data-testid="paper">
      <h2 id="paper-heading">{t('paper.heading')}</h2>
      <p className="muted small">{t('paper.explained')}</p>
      {PRINTS[role] && <PrintSheet view={view} session={session} kinds={PRINTS[role]} />}
      {ENTERS.has(role) && <EnterSheet view={view} session={session} />}
      {(PRINTS[role] ?? ENTERS.has(role)) && (
        <SheetsList view={view} session={session} mayPrint={PRINTS[role] !== undefined} />
      )}
    </section>
  );
}

function PrintSheet({ view, session, kinds }: { view: OperationView; session: Session; kinds: string[] }) {
  const { t, lang } = useI18n();
  const [sheet, setSheet] = useState({
    kind: kinds[0]!,
    convoy: '',
    checkpoint: '',
    day: '',
    paper: 'a4',
    lang,
  });
  const { created, error, create } = useCreate(session, 'sheets');
  const { download, error: downloadError } = useDownload(session);
  // Once made, its PDF is fetched with the session's token and saved, once per sheet.
  const fetched = useRef<string | null>(null);
  useEffect(() => {
    if (!created || fetched.current === created) return;
    fetched.current = created;
    void download(
      'sheet',
      `/operations/${session.operationId}/sheets/${created}/document.pdf`,
      `${created}.pdf`,
    );
  }, [created, download, session.operationId]);
  const set = (part: Partial<typeof sheet>) => setSheet((s) => ({ ...s, ...part }));
  const submit = () => {
    const { kind, convoy, checkpoint, day } = sheet;
    const of =
      kind === 'manifest' ? { convoyId: convoy } : kind === 'tally' ? { checkpointId: checkpoint, day } : {};
    void create({ kind, paper: sheet.paper, lang: sheet.lang, ...of });
  };
  return (
    <form
      className="stack-form"
      data-testid="print-sheet"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('paper.print')}</h3>
      <label>
        {t('paper.kind')}
        <select value={sheet.kind} onChange={(e) => set({ kind: e.target.value })} name="kind">
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`sheet.title.${k as 'manifest' | 'tally' | 'registration'}`)}
            </option>
          ))}
        </select>
      </label>
      <SheetSubject view={view} sheet={sheet} set={set} />
      <label>
        {t('paper.paperSize')}
        <select value={sheet.paper} onChange={(e) => set({ paper: e.target.value })} name="paper">
          <option value="a4">{t('paper.a4')}</option>
          <option value="letter">{t('paper.letter')}</option>
        </select>
      </label>
      <label>
        {t('paper.lang')}
        <select value={sheet.lang} onChange={(e) => set({ lang: e.target.value as typeof lang })} name="lang">
          <option value="en">{t('paper.english')}</option>
          <option value="ar">{t('paper.arabic')}</option>
        </select>
      </label>
      <button type="submit">{t('paper.printButton')}</button>
      {created && (
        <p role="status" data-testid="sheet-made">
          {t('paper.printed', { code: created })}
        </p>
      )}
      {(error ?? downloadError) && <p role="alert">{error ?? downloadError}</p>}
    </form>
  );
}

/** What the sheet is of: a convoy for a manifest, a checkpoint and a day for a tally. */
function SheetSubject({
  view,
  sheet,
  set,
}: {
  view: OperationView;
  sheet: { kind: string; convoy: string; checkpoint: string; day: string };
  set: (part: Partial<{ convoy: string; checkpoint: string; day: string }>) => void;
}) {
  const { t, lang } = useI18n();
  if (sheet.kind === 'manifest')
    return (
      <label>
        {t('sheet.convoy')}
        <select value={sheet.convoy} onChange={(e) => set({ convoy: e.target.value })} required name="convoy">
          <option value="" />
          {view.convoys
            .filter((c) => c.status !== 'arrived')
            .map((c) => (
              <option key={c.id} value={c.code}>
                {c.code}
              </option>
            ))}
        </select>
      </label>
    );
  if (sheet.kind !== 'tally') return null;
  return (
    <>
      <label>
        {t('sheet.checkpoint')}
        <select
          value={sheet.checkpoint}
          onChange={(e) => set({ checkpoint: e.target.value })}
          required
          name="checkpoint"
        >
          <option value="" />
          {view.checkpoints.map((c) => (
            <option key={c.id} value={c.code}>
              {c.code} {nameIn(c, lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('sheet.day')}
        <input
          type="date"
          value={sheet.day}
          onChange={(e) => set({ day: e.target.value })}
          required
          name="day"
        />
      </label>
    </>
  );
}

function EnterSheet({ view, session }: { view: OperationView; session: Session }) {
  const { t, problem } = useI18n();
  const [code, setCode] = useState('');
  const [sheet, setSheet] = useState<{ record: SheetRecord; vehicleIds: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A scanned text or a typed code: the sheet it names, read from the server. */
  const open = async (text: string) => {
    setError(null);
    setSheet(null);
    const scanned = parseSheetCode(text);
    if (text.includes(':') && !scanned) return setError(t('paper.notCorridor'));
    if (scanned && scanned.operationId !== session.operationId)
      return setError(t('paper.otherOperation', { operation: scanned.operationId }));
    const ref = scanned ? scanned.sheetId : text.trim().toUpperCase();
    setCode(scanned ? scanned.code : ref);
    try {
      const base = `/operations/${session.operationId}`;
      const record = await apiFetch<SheetRecord>(session, `${base}/sheets/${encodeURIComponent(ref)}`);
      // A manifest's rows are its convoy's vehicles.
      const convoy = record.convoyId
        ? await apiFetch<{ vehicleIds?: string[] }>(session, `${base}/convoys/${record.convoyId}`)
        : null;
      setSheet({ record, vehicleIds: convoy?.vehicleIds ?? [] });
    } catch (e) {
      setError(problem(e));
    }
  };
  return (
    <div className="stack" data-testid="enter-sheet">
      <h3>{t('paper.enter')}</h3>
      <p className="muted small">{t('paper.scanExplained')}</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void open(code);
        }}
      >
        <label>
          {t('paper.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} name="code" autoComplete="off" />
        </label>
        <button type="submit">{t('paper.open')}</button>
      </form>
      <Scanner onText={(text) => void open(text)} onError={setError} />
      {error && <p role="alert">{error}</p>}
      {sheet && (
        <SheetForm
          key={sheet.record.id}
          sheet={sheet.record}
          vehicleIds={sheet.vehicleIds}
          view={view}
          session={session}
        />
      )}
    </div>
  );
}

/** The QR code read from the camera, or from a photo of the sheet (jsQR, loaded when first needed). */
function Scanner({ onText, onError }: { onText: (text: string) => void; onError: (e: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  useEffect(() => {
    if (!stream || !video.current) return;
    const v = video.current;
    v.srcObject = stream;
    void v.play();
    const timer = setInterval(() => {
      if (v.videoWidth === 0) return;
      void decode(v, v.videoWidth, v.videoHeight).then((text) => {
        if (!text) return;
        stream.getTracks().forEach((track) => track.stop());
        setStream(null);
        onText(text);
      });
    }, 300);
    return () => {
      clearInterval(timer);
      stream.getTracks().forEach((track) => track.stop());
    };
  }, [stream, onText]);
  const start = async () => {
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera');
      setStream(await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }));
    } catch {
      onError(t('paper.noCamera'));
    }
  };
  return (
    <div className="row">
      {stream ? (
        <button type="button" onClick={() => setStream(null)}>
          {t('paper.stopScan')}
        </button>
      ) : (
        <button type="button" onClick={() => void start()}>
          {t('paper.scan')}
        </button>
      )}
      <label>
        {t('paper.photo')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          name="photo"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            void createImageBitmap(file)
              .then((image) => decode(image, image.width, image.height))
              .then((text) => (text ? onText(text) : onError(t('paper.noCode'))));
          }}
        />
      </label>
      {stream && <video ref={video} muted playsInline className="scanner" aria-label={t('paper.scan')} />}
    </div>
  );
}

/** The text of the QR code in a picture, or null. */
async function decode(source: CanvasImageSource, width: number, height: number): Promise<string | null> {
  const { default: jsQR } = await import('jsqr');
  // A large photo is read at up to 1600 pixels across: enough for a sheet's code, and quick.
  const scale = Math.min(1, 1600 / width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height)?.data ?? null;
}
