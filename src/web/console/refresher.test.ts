import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../client/http.js';
import { Refresher } from './refresher.js';
import type { Loaders, Reads, Refresh } from './use-operation.js';

/**
 * The live stream's reads, on a fake clock: a collection's loader answers as the test says (a part, a
 * lost answer as fetch gives it, or an error answer), and every read and what was shown is kept.
 */
function harness(answers: Partial<Record<Refresh, (() => Promise<unknown>)[]>>) {
  const readAt: [Refresh, number][] = [];
  const shown: unknown[] = [];
  const failed: unknown[] = [];
  const loader = (what: Refresh) => () => {
    readAt.push([what, Date.now()]);
    const next = answers[what]?.shift();
    return (next ? next() : Promise.resolve({ [what]: 'fresh' })) as Promise<never>;
  };
  const loaders = Object.fromEntries(
    (['convoys', 'alerts', 'incidents', 'figures'] as Refresh[]).map((w) => [w, loader(w)]),
  ) as unknown as Loaders;
  let asks = 0;
  const reads: Reads = { ask: () => ++asks, show: (_, part) => shown.push(part) };
  const refresher = new Refresher(loaders, reads, (e) => failed.push(e));
  return { refresher, readAt, shown, failed };
}

const lost = () => Promise.reject(new TypeError('Failed to fetch'));

describe('the reads the live stream asks for', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ask a read that got no answer again, backing off while it keeps failing, then show it', async () => {
    const h = harness({ incidents: [lost, lost, lost] });
    h.refresher.ask(['incidents'], 120);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.readAt).toEqual([
      ['incidents', 120],
      ['incidents', 2120],
      ['incidents', 6120],
      ['incidents', 14120],
    ]);
    expect(h.shown).toEqual([{ incidents: 'fresh' }]);
    expect(h.failed).toEqual([]);
  });

  it('show an answer that is an error (the API, or a proxy page) instead of asking again', async () => {
    const h = harness({
      alerts: [() => Promise.reject(new ApiError(502, 'error', 'HTTP 502'))],
      figures: [() => Promise.reject(new SyntaxError('Unexpected token <'))],
    });
    h.refresher.ask(['alerts', 'figures'], 120);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.readAt.map(([w]) => w)).toEqual(['alerts', 'figures']);
    expect(h.failed.map((e) => (e as Error).message)).toEqual(['HTTP 502', 'Unexpected token <']);
  });

  it("never hold an event's read behind a read waiting to be asked again", async () => {
    const h = harness({ alerts: [lost] });
    h.refresher.ask(['alerts'], 120);
    await vi.advanceTimersByTimeAsync(200);
    h.refresher.ask(['figures'], 120);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.readAt).toEqual([
      ['alerts', 120],
      ['figures', 320],
      ['alerts', 2120],
    ]);
  });

  it('read nothing more once stopped', async () => {
    const h = harness({ convoys: [lost] });
    h.refresher.ask(['convoys'], 120);
    await vi.advanceTimersByTimeAsync(500);
    h.refresher.stop();
    h.refresher.ask(['alerts'], 120);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.readAt).toEqual([['convoys', 120]]);
  });
});
