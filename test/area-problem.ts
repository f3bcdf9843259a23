import { english } from '../src/domain/errors.js';
import { areaProblem as said, type AreaLike } from '../src/domain/safe-passage/hazards.js';

/** Why an area is not a simple polygon, in its refusal's English words; undefined when it is one. */
export function areaProblem(area: AreaLike): string | undefined {
  const problem = said(area);
  return problem && english(problem);
}
