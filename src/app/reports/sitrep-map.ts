import { CORRIDOR_STATUS_COLOURS } from '../../contracts/vocabulary.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';

// The situation report's map, drawn the same in its HTML and its PDF.

export interface Projection {
  x: (lon: number) => number;
  y: (lat: number) => number;
  /** Metres on the ground per unit of the drawing (for a scale bar). */
  metresPerUnit: number;
}

export function projection(s: Sitrep, width: number, height: number, pad: number): Projection {
  const pts = [
    ...s.map.corridors.flatMap((c) => c.coordinates),
    ...s.map.checkpoints.map((c) => c.coordinates),
    ...s.map.receptionPoints.map((r) => r.coordinates),
  ];
  if (pts.length === 0) return { x: () => width / 2, y: () => height / 2, metresPerUnit: 0 };
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (width - 2 * pad) / Math.max((x1 - x0) * k, 1e-6),
    (height - 2 * pad) / Math.max(y1 - y0, 1e-6),
  );
  return {
    x: (lon) => pad + (lon - x0) * k * scale,
    y: (lat) => height - pad - (lat - y0) * scale,
    metresPerUnit: 111_320 / scale,
  };
}

/** A corridor's colour by its status: the console's. */
export const STATUS_COLOUR: Record<string, string> = CORRIDOR_STATUS_COLOURS;

/** The other colours of the report's map, in its HTML and its PDF (its key says them: rep.map.key). */
export const MAP_COLOURS = {
  land: '#f5f2eb',
  outline: '#b4b0a6',
  hazard: '#f0873d',
  checkpointEdge: '#24292f',
  reception: '#1a7f37',
  commandPost: '#0a5cbd',
  incident: '#d1242f',
} as const;
