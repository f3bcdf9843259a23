import { v7 as uuidv7 } from 'uuid';
import { eastRoadOperation } from './api-harness.js';

const square = (x: number, y: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});

/** The east road operation with two neighbourhoods (about 1.1 km by 0.9 km each) and an NGO. */
export function recoveryOperation(name: string) {
  return () =>
    eastRoadOperation(name, (event) => [
      event('AreaRegistered', {
        areaId: uuidv7(),
        code: 'NBH-1',
        kind: 'neighbourhood',
        nameEn: 'North quarter',
        geometry: square(37.0, 36.0, 0.01),
      }),
      event('AreaRegistered', {
        areaId: uuidv7(),
        code: 'NBH-2',
        kind: 'neighbourhood',
        nameEn: 'South quarter',
        geometry: square(37.0, 35.99, 0.01),
      }),
      event('OrganisationRegistered', { organisationId: uuidv7(), code: 'NGO', name: 'An NGO', role: 'ngo' }),
    ]);
}
