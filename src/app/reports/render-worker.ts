import { parentPort, threadId } from 'node:worker_threads';
import type { DomainErrorCode, Said } from '../../domain/errors.js';
import { DomainError } from '../../domain/errors.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { notificationPdf } from '../documents/notification-pdf.js';
import type { NotificationDocument } from '../documents/notification-document.js';
import { sitrepPdf } from './sitrep-render.js';
import { sheetPdf } from '../paper/sheet-pdf.js';
import type { SheetDocument } from '../paper/sheets.js';

/** A document to render: its data as the main thread computed it (plain, cloneable). */
export type RenderJob =
  | { readonly kind: 'sitrep'; readonly sitrep: Sitrep; readonly lang?: 'en' | 'ar' }
  | { readonly kind: 'notification'; readonly document: NotificationDocument }
  | { readonly kind: 'sheet'; readonly sheet: SheetDocument };

export interface RenderRequest {
  readonly id: number;
  readonly job: RenderJob;
}
/** The PDF's bytes (their buffer transferred), or why it could not be made. */
export type RenderReply =
  | { readonly id: number; readonly bytes: Uint8Array; readonly threadId: number }
  | {
      readonly id: number;
      readonly error: string;
      /** A domain error (bad input in the document) keeps its code, to answer as the route would. */
      readonly domain?: { code: DomainErrorCode; message: string | Said; details?: unknown };
    };

function render(job: RenderJob): Promise<Uint8Array> {
  if (job.kind === 'sitrep') return sitrepPdf(job.sitrep, job.lang);
  if (job.kind === 'sheet') return sheetPdf(job.sheet);
  return notificationPdf(job.document);
}

/** The bytes in a buffer of their own, which can be transferred whole. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

// One document at a time: the pool sends the next when this one is answered. The fonts are read on
// the first document and kept (documents/pdf-text.ts) for every later one this worker renders.
const port = parentPort;
if (port)
  port.on('message', ({ id, job }: RenderRequest) => {
    render(job).then(
      (pdf) => {
        const bytes = own(pdf);
        const reply: RenderReply = { id, bytes, threadId };
        port.postMessage(reply, [bytes.buffer]);
      },
      (error: unknown) => {
        const reply: RenderReply =
          error instanceof DomainError
            ? {
                id,
                error: error.message,
                domain: { code: error.code, message: error.said ?? error.message, details: error.details },
              }
            : { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
        port.postMessage(reply);
      },
    );
  });
