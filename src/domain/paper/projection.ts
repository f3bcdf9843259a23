import { insert, opt, update, type Projectors } from '../projection.js';

/** The row changes of paper events. */
export const PAPER_PROJECTORS: Projectors<'SheetIssued' | 'SheetEntered'> = {
  SheetEntered: (event) => [
    update('sheets', event.payload.sheetId, { entered_at: event.occurredAt, entered_by: event.organisation }),
  ],
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
