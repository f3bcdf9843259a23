import { useI18n } from '../i18n/i18n.js';
import { ALERT_COLOURS } from './layers/alerts-layer.js';
import { STATUS_COLOURS } from './layers/operation-layers.js';

const SYMBOLS: [
  string,
  string,
  'checkpoint' | 'commandPost' | 'receptionPoint' | 'convoy' | 'hazardArea' | 'incident',
][] = [
  ['#ffffff', '#24292f', 'checkpoint'],
  ['#0550ae', '#ffffff', 'commandPost'],
  ['#1a7f37', '#ffffff', 'receptionPoint'],
  ['#bf3989', '#ffffff', 'convoy'],
  ['#fb8f44', '#a40e26', 'hazardArea'],
  ['#cf222e', '#ffffff', 'incident'],
];

const WIDE = () => typeof matchMedia !== 'function' || matchMedia('(min-width: 701px)').matches;

/** What the colours and symbols of the map mean (the map itself has no labels). */
export function MapLegend() {
  const { t, tx } = useI18n();
  return (
    // Open where there is room for it; on a phone it would cover the map, so it starts closed.
    <details className="map-legend" open={WIDE()}>
      <summary>{t('mapLegend')}</summary>
      <ul>
        {Object.entries(STATUS_COLOURS).map(([status, colour]) => (
          <li key={status}>
            <span className="legend-line" style={{ background: colour }} aria-hidden="true" />
            {t('corridor')}: {tx('status', status)}
          </li>
        ))}
        <li>
          <span className="legend-line dashed" aria-hidden="true" />
          {t('planRoute')}
        </li>
        <li>
          <span
            className="legend-dot"
            style={{ background: 'transparent', borderColor: ALERT_COLOURS.critical, borderWidth: 3 }}
            aria-hidden="true"
          />
          {t('alertPlace')}
        </li>
        {SYMBOLS.map(([fill, stroke, label]) => (
          <li key={label}>
            <span
              className="legend-dot"
              style={{ background: fill, borderColor: stroke }}
              aria-hidden="true"
            />
            {t(label)}
          </li>
        ))}
      </ul>
    </details>
  );
}
