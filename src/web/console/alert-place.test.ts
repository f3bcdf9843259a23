import { describe, expect, it } from 'vitest';
import type { Alert, Checkpoint, Corridor, Incident, ReceptionPoint } from '../client/records.js';
import { alertPlace } from './alert-place.js';

const corridor = {
  id: 'k1',
  code: 'COR-7',
  name: 'Ramouseh',
  status: 'open',
  route: {
    type: 'LineString',
    coordinates: [
      [37.1, 36.1],
      [37.2, 36.2],
      [37.4, 36.2],
    ],
  },
} as Corridor;
const view = {
  checkpoints: [{ id: 'p1', location: { type: 'Point', coordinates: [37.15, 36.15] } } as Checkpoint],
  incidents: [{ id: 'i1', location: { type: 'Point', coordinates: [37.3, 36.25] } } as Incident],
  receptionPoints: [{ id: 'r1', location: { type: 'Point', coordinates: [37.5, 36.3] } } as ReceptionPoint],
  positions: new Map(),
  corridors: [corridor],
};
const alert = (kind: string, extra: Partial<Alert>): Alert =>
  ({ kind, numbers: {}, convoyId: null, corridorId: 'k1', checkpointId: null, ...extra }) as Alert;

describe('where an alert happened', () => {
  it('is its checkpoint when it names one', () => {
    expect(alertPlace(alert('people-missing', { checkpointId: 'p1' }), view)).toEqual([37.15, 36.15]);
  });

  it('is the incident, not the corridor, for an incident near a corridor', () => {
    const a = alert('incident-near-corridor', { key: 'incident-near-corridor:i1:k1' });
    expect(alertPlace(a, view)).toEqual([37.3, 36.25]);
  });

  it('is the middle of the segment a hazard blocks (segments count from 1)', () => {
    const a = alert('hazard-on-route', { key: 'hazard-on-route:h1:k1', numbers: { segment: 2 } });
    expect(alertPlace(a, view)).toEqual([37.3, 36.2]);
  });

  it('is the reception point short of room, else the middle of the corridor, else nowhere', () => {
    expect(alertPlace(alert('room-short', { key: 'room-short:r1', corridorId: null }), view)).toEqual([
      37.5, 36.3,
    ]);
    expect(alertPlace(alert('window-ending', {}), view)).toEqual([37.2, 36.2]);
    expect(alertPlace(alert('family-split', { corridorId: null }), view)).toBeUndefined();
  });
});
