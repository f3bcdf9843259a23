import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import type { OperationView } from './use-operation.js';

const PALETTE = ['#0550ae', '#bf3989', '#1a7f37', '#d97706', '#8250df', '#cf222e', '#0e7c86', '#57606a'];
const W = 640;
const H = 280;
const PAD = { left: 56, right: 16, top: 12, bottom: 36 };

/**
 * People counted at each corridor's entry checkpoint, cumulative over time, as an SVG step chart: the
 * counts of the corridor accounts (GET .../reconciliation), the same numbers as the board and the report.
 */
export function PeopleChart({ view }: { view: OperationView }) {
  const { t, number, lang } = useI18n();
  const series = useMemo(
    () =>
      (view.corridors ?? []).map((corridor, i) => {
        const entries = view.reconciliation.find((r) => r.corridor === corridor.code)?.entries ?? [];
        let sum = 0;
        const points = entries.map((e): [number, number] => [Date.parse(e.at), (sum += e.people)]);
        return { corridor, points, colour: PALETTE[i % PALETTE.length]! };
      }),
    [view.reconciliation, view.corridors],
  );
  const all = series.flatMap((s) => s.points);
  if (all.length === 0)
    return (
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t('chartTitle')}</h2>
        <p className="muted">{t('chartEmpty')}</p>
      </section>
    );
  const t0 = Math.min(...all.map((p) => p[0]));
  const t1 = Math.max(...all.map((p) => p[0]), t0 + 60_000);
  const yMax = Math.max(...all.map((p) => p[1]), 1);
  const x = (ms: number) => PAD.left + ((ms - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (n: number) => H - PAD.bottom - (n / yMax) * (H - PAD.top - PAD.bottom);
  const tz = view.operation?.timezone;
  return (
    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">{t('chartTitle')}</h2>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="chart"
        role="img"
        aria-label={t('chartTitle')}
        direction="ltr"
      >
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#8c959f" />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={y(0)} stroke="#8c959f" />
        {[0, 0.5, 1].map((f) => (
          <text key={f} x={PAD.left - 6} y={y(yMax * f) + 4} textAnchor="end" fontSize="11">
            {number(Math.round(yMax * f))}
          </text>
        ))}
        <text x={PAD.left} y={H - 8} fontSize="11">
          {formatTime(new Date(t0).toISOString(), lang, tz)}
        </text>
        <text x={W - PAD.right} y={H - 8} fontSize="11" textAnchor="end">
          {formatTime(new Date(t1).toISOString(), lang, tz)}
        </text>
        {series
          .filter((s) => s.points.length > 0)
          .map((s) => {
            let d = `M ${x(s.points[0]![0])} ${y(0)}`;
            for (const [ms, n] of s.points) d += ` H ${x(ms)} V ${y(n)}`;
            d += ` H ${x(t1)}`;
            return <path key={s.corridor.id} d={d} fill="none" stroke={s.colour} strokeWidth={2} />;
          })}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.corridor.id}>
            <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />
            {s.corridor.code}: {number(s.points.at(-1)?.[1] ?? 0)} {t('people')}
          </li>
        ))}
      </ul>
    </section>
  );
}
