/** The scheme of the text in a sheet's QR code: anything else is not a Corridor sheet. */
export const SHEET_SCHEME = 'corridor-sheet:v1';

/** What a sheet's QR code says: the operation, the sheet (id and code), its kind and what it is of. */
export interface SheetCodeText {
  operationId: string;
  sheetId: string;
  code: string;
  kind: string;
  /** The convoy (manifest) or checkpoint and day (tally) it is of, by code. */
  convoy?: string;
  checkpoint?: string;
  day?: string;
}

/** The text of a sheet's QR code: a URI of its own scheme, so a phone's reader shows what it is. */
export function sheetCodeText(s: SheetCodeText): string {
  const q = new URLSearchParams({ op: s.operationId, sheet: s.sheetId, code: s.code, kind: s.kind });
  if (s.convoy) q.set('convoy', s.convoy);
  if (s.checkpoint) q.set('checkpoint', s.checkpoint);
  if (s.day) q.set('day', s.day);
  return `${SHEET_SCHEME}?${q.toString()}`;
}

/** What a scanned QR code says of its sheet, or null when it is not a Corridor sheet's code. */
export function parseSheetCode(text: string): SheetCodeText | null {
  const [scheme, query] = text.trim().split('?', 2);
  const q = new URLSearchParams(query ?? '');
  const [operationId, sheetId, code, kind] = ['op', 'sheet', 'code', 'kind'].map((k) => q.get(k));
  if (scheme !== SHEET_SCHEME || !operationId || !sheetId || !code || !kind) return null;
  const optional = (k: string) => (q.get(k) ? { [k]: q.get(k)! } : {});
  return {
    operationId,
    sheetId,
    code,
    kind,
    ...optional('convoy'),
    ...optional('checkpoint'),
    ...optional('day'),
  };
}
