import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { alertHeadline, wordingFor } from '../alert-words.js';
import { alertPlace } from '../alert-place.js';
import type { OperationView } from '../use-operation.js';
import { collection, GeoJsonLayer, pointFeature, Z } from './GeoJsonLayer.js';

/** The colour of an alert's ring, by severity (the feed's chips use the same). */
export const ALERT_COLOURS = { critical: '#82071e', warning: '#bc4c00', info: '#0550ae' } as const;

/**
 * A ring around the place of each alert not yet resolved (`alertPlace`). The tooltip gives the alert in
 * the reader's words.
 */
export function AlertsLayer({ view }: { view: OperationView }) {
  const i18n = useI18n();
  const data = useMemo(() => {
    const wording = wordingFor(view, i18n, view.operation?.timezone);
    return collection(
      view.alerts
        .filter((a) => a.status !== 'resolved')
        .flatMap((a) => {
          const at = alertPlace(a, view);
          return at
            ? [
                pointFeature(
                  { type: 'Point', coordinates: at },
                  {
                    tooltip: true,
                    title: `${i18n.tx('severity', a.severity)}: ${i18n.tx('alertKind', a.kind)}`,
                    detail: alertHeadline(a, wording),
                    severity: a.severity,
                  },
                ),
              ]
            : [];
        }),
    );
  }, [view, i18n]);
  return (
    <GeoJsonLayer
      id="alerts"
      z={Z.alerts}
      data={data}
      layers={[
        {
          id: 'alerts-ring',
          type: 'circle',
          paint: {
            'circle-radius': 13,
            'circle-opacity': 0,
            'circle-stroke-width': 3,
            'circle-stroke-color': [
              'match',
              ['get', 'severity'],
              'critical',
              ALERT_COLOURS.critical,
              'warning',
              ALERT_COLOURS.warning,
              ALERT_COLOURS.info,
            ] as never,
          },
        },
      ]}
    />
  );
}
