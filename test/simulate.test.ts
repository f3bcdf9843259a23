import { describe, expect, it } from 'vitest';
import { corridor } from './cli-in-process.js';

describe('corridor simulate', () => {
  it('prints one JSON line: the faults injected, the alerts raised and how well they match', async () => {
    const run = await corridor([
      'simulate',
      '--scenario',
      'aleppo-2016',
      '--seed',
      '7',
      '--faults',
      '12',
      '--people',
      '8000',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as {
      injected: { id: string; kind: string; convoy: string; at: string }[];
      alerts: { kind: string; convoy: string | null; raisedAt: string; faultId: string | null }[];
      detection: { recall: number; precision: number; medianDelaySeconds: number };
    };
    expect(out.injected).toHaveLength(12);
    const noise = ['duplicate', 'late', 'overcount', 'partial', 'corrected', 'voided'];
    expect(new Set(out.injected.map((f) => f.kind))).toEqual(
      new Set(['missing', 'stopped', 'detached', ...noise]),
    );
    expect(out.detection.recall).toBe(1);
    expect(out.detection.precision).toBeGreaterThanOrEqual(0.99);
    expect(out.detection.medianDelaySeconds).toBeLessThanOrEqual(60);
    // Noise stays silent: no alert points at a convoy with only noise (a record uploaded twice or late,
    // a camera at its limit, tallies vehicle by vehicle, a correction, a void).
    const noisy = new Set(out.injected.filter((f) => noise.includes(f.kind)).map((f) => f.convoy));
    expect(out.alerts.filter((a) => a.convoy !== null && noisy.has(a.convoy))).toEqual([]);
    // Every alerting fault has an alert that names it.
    for (const f of out.injected.filter((x) => ['missing', 'stopped', 'detached'].includes(x.kind)))
      expect(out.alerts.some((a) => a.faultId === f.id)).toBe(true);
  }, 120_000);
});
