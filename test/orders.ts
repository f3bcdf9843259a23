import type { ProjectableEvent } from '../src/domain/projection.js';

/** The events of an operation for projection tests, each with an id of its own, in the order made. */
export function eventMaker(operationId: string, idPrefix: string) {
  let n = 0;
  return (type: string, payload: object, occurredAt: string): ProjectableEvent =>
    ({
      id: `${idPrefix}${String(++n).padStart(12, '0')}`,
      operationId,
      type,
      payload,
      occurredAt,
      organisation: null,
    }) as ProjectableEvent;
}

/** Every order of some items (n! of them: keep n small). */
export function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) yield [...items];
  else
    for (const [i, first] of items.entries())
      for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [first, ...rest];
}
