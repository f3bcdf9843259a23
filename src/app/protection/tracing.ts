import { v7 as uuidv7 } from 'uuid';
import {
  TracingCloseBody,
  TracingRequestBody,
  TracingReviewBody,
  type Sealed,
  type TracingRequestDetails,
} from '../../contracts/protection/personal-data.js';
import { RuleViolatedError, said } from '../../domain/errors.js';
import { nameScore } from '../../domain/protection/name-match.js';
import type { TracingRequestRow } from '../../domain/protection/rows.js';
import { allRows } from '../../store/queries.js';
import { StoreTx } from '../../store/store-tx.js';
import type { AppContext } from '../context.js';
import { authoriseRead, authoriseWrite, type Caller } from '../access/permissions.js';
import { seal, unseal } from './personal-crypto.js';
import { parseInput } from '../records/resources.js';
import { append, subject, sealNew, keysOf, purposeOf, recordRead, withPerson } from './subjects.js';

/** Tracing requests: sealed, matched by name across scripts, reviewed and closed. */

export async function openTracingRequest(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
) {
  authoriseRead(caller, operationId);
  const { id: requested, ...details } = parseInput(TracingRequestBody, input);
  const id = requested ?? uuidv7();
  const { sealed, personKey } = sealNew(ctx, operationId, id, details);
  await append(
    ctx,
    caller,
    operationId,
    'TracingRequestOpened',
    {
      tracingRequestId: id,
      sealed,
    },
    'tracing_requests',
    personKey,
  );
  const row = await subject(ctx, operationId, 'tracing_requests', id);
  return { id, code: row.code, status: row.status, openedAt: row.opened_at };
}

/** The tracing requests, their codes, status and reviews' count (no personal data: no purpose asked). */
export async function listTracingRequests(ctx: AppContext, caller: Caller, operationId: string) {
  authoriseRead(caller, operationId);
  const items = (await allRows(ctx.store.db, ctx.store.dialect, 'tracing_requests', operationId)).map(
    (r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
    }),
  );
  return { items, total: items.length };
}

async function tracingDetails(
  ctx: AppContext,
  row: TracingRequestRow,
): Promise<Omit<TracingRequestDetails, 'id'> | null> {
  const key = (await keysOf(ctx, [row.id])).get(row.id);
  return key ? unseal(key, JSON.parse(row.sealed) as Sealed, row.id) : null;
}

export async function getTracingRequest(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string | undefined>,
) {
  authoriseRead(caller, operationId);
  const purpose = purposeOf(query);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  const details = await tracingDetails(ctx, row);
  const key = (await keysOf(ctx, [row.id])).get(row.id);
  const reviews = (
    await new StoreTx(ctx.store.db, ctx.store.dialect).rowsWhere('tracing_reviews', {
      tracing_request_id: row.id,
    })
  ).map((r) => ({
    registrationId: r.registration_id,
    decision: r.decision,
    // Sealed with the request's key: gone with it.
    note: r.note !== null && key ? unseal<string>(key, JSON.parse(r.note) as Sealed, row.id) : null,
    reviewedAt: r.reviewed_at,
  }));
  await recordRead(ctx, caller, operationId, [row.id], purpose);
  return { id: row.id, code: row.code, status: row.status, details, reviews };
}

/**
 * Registered people whose names match a tracing request's, best first, for a protection officer to
 * confirm or reject (src/domain/protection/name-match.ts). Reading them is recorded like any read.
 */
export async function tracingCandidates(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string | undefined>,
) {
  authoriseRead(caller, operationId);
  const purpose = purposeOf(query);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  const details = await tracingDetails(ctx, row);
  if (!details) return { items: [] };
  const people = await withPerson(
    ctx,
    (await allRows(ctx.store.db, ctx.store.dialect, 'registrations', operationId)).filter(
      (r) => r.status !== 'erased',
    ),
  );
  const items = [];
  for (const p of people) {
    if (!p.person) continue;
    const names = [p.person.name.latin, p.person.name.arabic].filter((n): n is string => n !== undefined);
    let score = 0;
    for (const sought of details.sought)
      for (const s of [sought.latin, sought.arabic])
        if (s !== undefined) for (const n of names) score = Math.max(score, nameScore(s, n));
    if (score >= 0.5) items.push({ score: Math.round(score * 100) / 100, registration: p });
  }
  items.sort((a, b) => b.score - a.score || a.registration.code.localeCompare(b.registration.code));
  await recordRead(ctx, caller, operationId, [row.id, ...items.map((i) => i.registration.id)], purpose);
  return { items };
}

export async function reviewTracingMatch(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'TracingMatchReviewed');
  const body = parseInput(TracingReviewBody, input);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  const person = await subject(ctx, operationId, 'registrations', body.registrationId);
  // A note may name people: it is sealed with the request's key, and erased with it.
  const key = body.note === undefined ? undefined : (await keysOf(ctx, [row.id])).get(row.id);
  if (body.note !== undefined && !key)
    throw new RuleViolatedError(
      said('tracing request {code} has no key any more: a note cannot be sealed', { code: row.code }),
    );
  await append(ctx, caller, operationId, 'TracingMatchReviewed', {
    tracingRequestId: row.id,
    registrationId: person.id,
    decision: body.decision,
    ...(key ? { sealedNote: seal(key, body.note, row.id) } : {}),
  });
  return { id: row.id, code: row.code, status: row.status };
}

export async function closeTracingRequest(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
) {
  authoriseWrite(caller, operationId, 'TracingRequestClosed');
  const body = parseInput(TracingCloseBody, input);
  const row = await subject(ctx, operationId, 'tracing_requests', ref);
  await append(ctx, caller, operationId, 'TracingRequestClosed', {
    tracingRequestId: row.id,
    reason: body.reason,
  });
  const after = await subject(ctx, operationId, 'tracing_requests', row.id);
  return { id: row.id, code: row.code, status: after.status };
}
