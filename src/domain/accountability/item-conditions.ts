import type { Condition, Convoy, Items } from './model.js';
import type { OperationState } from './state.js';
import { utc } from './condition-words.js';

// The rules for what people carry: items that went missing between stations, and reception points
// without room for what the convoys bound for them bring.

/**
 * Items fewer than before (a wheelchair on the manifest, none of it at the exit), between consecutive
 * stations that counted items; a kind one of them did not count is not compared.
 */
export function itemConditions(state: OperationState, convoy: Convoy): Condition[] {
  const chain: { id: string; label: string; at: string; carried: Items }[] = [];
  if (convoy.manifest?.carried)
    chain.push({
      id: 'manifest',
      label: 'the manifest',
      at: convoy.manifest.at,
      carried: convoy.manifest.carried,
    });
  for (const s of state.stationsOf(convoy)) {
    const carried = state.best(convoy, s)?.carried;
    if (carried) chain.push({ id: s.id, label: s.label, at: s.firstAt, carried });
  }
  const out: Condition[] = [];
  for (let i = 1; i < chain.length; i++) {
    const after = chain[i]!;
    // Each kind against the last count before it that counted that kind (a station in between that did
    // not count it is passed over: a wheelchair on the manifest, luggage only at the entry, none at the exit).
    const fewer = Object.keys(after.carried)
      .sort()
      .flatMap((k) => {
        const before = chain.slice(0, i).findLast((c) => c.carried[k] !== undefined);
        return before && after.carried[k]! < before.carried[k]! ? [{ k, before }] : [];
      });
    if (fewer.length === 0) continue;
    const numbers = Object.fromEntries(
      fewer.map(({ k, before }) => [k, before.carried[k]! - after.carried[k]!]),
    );
    const befores = new Set(fewer.map((f) => f.before.label));
    const than = (label: string) => `than at ${label}`;
    out.push({
      key: `items-missing:${convoy.id}:${after.id}`,
      kind: 'items-missing',
      severity: 'warning',
      reason: () =>
        befores.size === 1
          ? `${convoy.code}: ${fewer.map(({ k }) => `${numbers[k]} ${k}`).join(', ')} fewer at ${after.label} ${than(fewer[0]!.before.label)}, ${utc(after.at)}`
          : `${convoy.code}: ${fewer.map(({ k, before }) => `${numbers[k]} ${k} (${than(before.label)})`).join(', ')} fewer at ${after.label}, ${utc(after.at)}`,
      numbers,
      since: after.at,
      ...(state.checkpoints.has(after.id) ? { checkpointId: after.id } : {}),
    });
  }
  return out;
}

/**
 * A reception point with room for fewer of a kind (pets, wheelchairs, oxygen) than the convoys bound
 * for it bring: each convoy's latest count of items, else its manifest's. A kind the point has no
 * room recorded for, or that no convoy counted, is not compared.
 */
export function roomConditions(state: OperationState, receptionPointId: string): Condition[] {
  const rp = state.receptionPoints.get(receptionPointId);
  if (!rp?.room) return [];
  const room = rp.room;
  const bringing: Record<string, number> = {};
  const convoys: string[] = [];
  let since = '';
  for (const convoy of state.convoys.values()) {
    if (convoy.receptionPointId !== receptionPointId) continue;
    // Each kind as its latest count has it (a count that did not count a kind leaves its earlier one).
    const carried: Items = { ...convoy.manifest?.carried };
    let at = convoy.manifest?.carried ? convoy.manifest.at : '';
    for (const s of state.stationsOf(convoy)) {
      const counted = state.best(convoy, s)?.carried;
      if (!counted) continue;
      Object.assign(carried, counted);
      at = s.firstAt;
    }
    const kinds = Object.keys(carried).filter((k) => carried[k] !== undefined && room[k] !== undefined);
    if (kinds.length === 0) continue;
    convoys.push(convoy.code);
    if (at > since) since = at;
    for (const k of kinds) bringing[k] = (bringing[k] ?? 0) + carried[k]!;
  }
  const over = Object.keys(room)
    .filter((k) => (bringing[k] ?? 0) > room[k]!)
    .sort();
  if (over.length === 0) return [];
  const numbers = Object.fromEntries(over.map((k) => [k, bringing[k]! - room[k]!]));
  return [
    {
      key: `room-short:${receptionPointId}`,
      kind: 'room-short',
      severity: 'warning',
      reason: () =>
        `${rp.code}: the convoys bound for it that counted them (${convoys.sort().join(', ')}) bring ${over.map((k) => `${bringing[k]} ${k}`).join(', ')}; it has room for ${over.map((k) => `${room[k]} ${k}`).join(', ')}`,
      numbers,
      since,
    },
  ];
}
