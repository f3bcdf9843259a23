import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { ConflictError, RuleViolatedError, said } from '../../domain/errors.js';
import { asPlanRun, LOST_AFTER_MS, planRun, runAnswer } from './plan-runs.js';

/** A node's context as the runs see it: only its clock, which the test moves. */
function node() {
  let now = Date.parse('2016-12-15T08:00:00Z');
  const ctx = { now: () => new Date(now) } as unknown as AppContext;
  return { ctx, pass: (ms: number) => (now += ms) };
}
const never = () => new Promise<{ code: string }>(() => undefined);

describe("the planner's runs, one at a time per operation", () => {
  it('refuses a second while the first runs, and says the first when it ends, whatever the end', async () => {
    const { ctx } = node();
    let finish!: (plan: { code: string }) => void;
    const first = asPlanRun(
      ctx,
      'op',
      'token:a',
      10,
      () => new Promise<{ code: string }>((done) => (finish = done)),
    );
    await expect(asPlanRun(ctx, 'op', 'token:b', 5, never)).rejects.toBeInstanceOf(ConflictError);
    // Another operation is not held by it.
    await expect(
      asPlanRun(ctx, 'other', 'token:b', 5, () => Promise.resolve({ code: 'PLAN-9' })),
    ).resolves.toEqual({
      code: 'PLAN-9',
    });
    finish({ code: 'PLAN-1' });
    await first;
    expect(planRun(ctx, 'op')).toMatchObject({ state: 'done', code: 'PLAN-1', by: 'token:a' });
    await expect(
      asPlanRun(ctx, 'op', 'token:b', 5, () => Promise.reject(new RuleViolatedError('nobody waits'))),
    ).rejects.toThrow('nobody waits');
    expect(planRun(ctx, 'op')).toMatchObject({ state: 'failed', error: { code: 'rule_violated' } });
    await expect(
      asPlanRun(ctx, 'op', 'token:b', 5, () => Promise.reject(new Error('bug'))),
    ).rejects.toThrow();
    expect(planRun(ctx, 'op')!.error).toEqual({
      code: 'internal',
      message: 'the planner failed; the server has logged why',
    });
  });

  it('takes a run that never ends as lost a minute past its limit, and its late end changes nothing', async () => {
    const { ctx, pass } = node();
    let finish!: (plan: { code: string }) => void;
    void asPlanRun(ctx, 'op', 'token:a', 10, () => new Promise<{ code: string }>((done) => (finish = done)));
    pass(10_000 + LOST_AFTER_MS);
    await expect(asPlanRun(ctx, 'op', 'token:b', 5, never)).rejects.toBeInstanceOf(ConflictError);
    pass(1);
    const second = asPlanRun(ctx, 'op', 'token:b', 5, () => Promise.resolve({ code: 'PLAN-2' }));
    expect(planRun(ctx, 'op')).toMatchObject({ state: 'running', by: 'token:b' });
    await second;
    finish({ code: 'PLAN-1' });
    await new Promise((r) => setTimeout(r, 0));
    expect(planRun(ctx, 'op')).toMatchObject({ state: 'done', code: 'PLAN-2' });
  });

  it("gives a failed run's refusal in Arabic to a reader who asks, and in English otherwise", async () => {
    const { ctx } = node();
    const refusal = said('no pickup point has people waiting: nothing to plan');
    await expect(
      asPlanRun(ctx, 'op', 'token:a', 5, () => Promise.reject(new RuleViolatedError(refusal))),
    ).rejects.toThrow();
    const run = planRun(ctx, 'op')!;
    expect(runAnswer(run, false).error).toEqual({
      code: 'rule_violated',
      message: 'no pickup point has people waiting: nothing to plan',
    });
    const ar = runAnswer(run, true).error as { code: string; message: string; lang?: string };
    expect(ar).toMatchObject({ code: 'rule_violated', lang: 'ar' });
    expect(ar.message).toMatch(/^[\u0600-\u06ff]/);
    expect(JSON.stringify(runAnswer(run, true))).not.toContain('template');
  });
});
