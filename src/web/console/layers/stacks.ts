/**
 * Places recorded at one spot (three command posts in one building, a checkpoint's entry and exit at
 * one gate) would draw as one dot. Each place of a stack is given a slot instead: a position on a small
 * ring around the spot, in pixels, so that every one is its own dot at any zoom, with its own label
 * and tooltip, and the spot itself keeps a hub (`stackHub`). A place alone has no slot.
 */

/** Places closer than this (degrees, about 10 m) are one spot. */
const SPOT = 1e-4;

const ring = (count: number, radius: number, turn: number): [number, number][] =>
  Array.from({ length: count }, (_, i) => {
    const angle = ((turn + (360 / count) * i) * Math.PI) / 180;
    return [Math.round(radius * Math.sin(angle) * 10) / 10, Math.round(-radius * Math.cos(angle) * 10) / 10];
  });

/**
 * The slots' offsets in pixels (x right, y down): the corners of a square (slots 0-3), then a hexagon
 * (4-9). Neighbours are 22 px apart or more, so dots of up to 10 px radius do not overlap.
 */
export const SLOT_OFFSETS: readonly [number, number][] = [...ring(4, 15.6, 45), ...ring(6, 22, 0)];

/** Which slots a stack of n takes: two on a diagonal, three on a triangle, a square, a hexagon. */
const SPREAD: Record<number, number[]> = {
  2: [3, 1],
  3: [4, 6, 8],
  4: [0, 1, 2, 3],
  5: [4, 5, 6, 7, 8],
  6: [4, 5, 6, 7, 8, 9],
};

/** Each place's slot (an index into SLOT_OFFSETS), or -1 when it is alone at its spot. */
export function stackSlots(locations: readonly (readonly [number, number])[]): number[] {
  const slots = locations.map(() => -1);
  for (const members of spotsOf(locations)) {
    if (members.length < 2) continue;
    // Past six (never seen yet), the hexagon is taken again, from its start.
    const taken = SPREAD[members.length] ?? SPREAD[6]!;
    members.forEach((m, k) => (slots[m] = taken[k % taken.length]!));
  }
  return slots;
}

/**
 * The places at one spot, each group in the order given: places closer than SPOT on both axes, and
 * places close to those (two places a metre apart are one spot wherever they fall on a grid). Each
 * place is compared only with those of its own grid cell and the eight around it.
 */
function spotsOf(locations: readonly (readonly [number, number])[]): number[][] {
  const cell = ([lng, lat]: readonly [number, number]) => [Math.floor(lng / SPOT), Math.floor(lat / SPOT)];
  const cells = new Map<string, number[]>();
  locations.forEach((at, i) => {
    const key = cell(at).join(' ');
    cells.set(key, [...(cells.get(key) ?? []), i]);
  });
  const parent = locations.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  locations.forEach((at, i) => {
    const [x, y] = cell(at);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of cells.get(`${x! + dx} ${y! + dy}`) ?? []) {
          if (j <= i) continue;
          const other = locations[j]!;
          if (Math.abs(other[0] - at[0]) < SPOT && Math.abs(other[1] - at[1]) < SPOT)
            parent[root(j)] = root(i);
        }
  });
  const spots = new Map<number, number[]>();
  locations.forEach((_, i) => spots.set(root(i), [...(spots.get(root(i)) ?? []), i]));
  return [...spots.values()];
}

/** A circle layer's `paint` and `filter` for the places of one slot (or, slot -1, those alone). */
export function slotLayers<P extends Record<string, unknown>>(id: string, paint: P) {
  return [-1, ...SLOT_OFFSETS.keys()].map((slot) => ({
    id: slot < 0 ? id : `${id}-${slot}`,
    type: 'circle' as const,
    filter: ['==', ['get', 'slot'], slot] as never,
    // In screen pixels however the map is turned, as the labels beside them are.
    paint:
      slot < 0
        ? paint
        : { ...paint, 'circle-translate': SLOT_OFFSETS[slot], 'circle-translate-anchor': 'viewport' },
  }));
}

/** The hub drawn at a stack's spot, under its places. */
export function stackHub(id: string) {
  return {
    id: `${id}-hub`,
    type: 'circle' as const,
    filter: ['>=', ['get', 'slot'], 0] as never,
    paint: { 'circle-radius': 3, 'circle-color': '#24292f' },
  };
}
