import { earlier, insert, opt, update, type Mutation, type Projectors } from '../projection.js';

/** A sheet entered (at two sites apart, say): the first entry stands. */
export function sheetEntered(
  sheetId: string,
  event: { occurredAt: string; organisation: string | null },
): Mutation {
  return update('sheets', sheetId, (row) =>
    earlier(event.occurredAt, event.organisation, row.entered_at, row.entered_by)
      ? { entered_at: event.occurredAt, entered_by: event.organisation }
      : {},
  );
}

/** The row changes of paper events. */
export const PAPER_PROJECTORS: Projectors<'SheetIssued' | 'SheetEntered'> = {
  SheetEntered: (event) => [sheetEntered(event.payload.sheetId, event)],
  SheetIssued: (event) => {
    const p = event.payload;
    return [
      insert('sheets', {
        id: p.sheetId,
        operation_id: event.operationId,
        code: p.code,
        kind: p.kind,
        convoy_id: opt(p.convoyId),
        checkpoint_id: opt(p.checkpointId),
        day: opt(p.day),
        lang: p.lang,
        paper: p.paper,
        issued_at: event.occurredAt,
        issued_by: event.organisation,
        entered_at: null,
        entered_by: null,
      }),
    ];
  },
};
