import { isBusy } from '../../store/dialect.js';

/** The store is held by another process (an admin rebuild or a large import): the caller may retry. */
export function isStoreBusy(error: unknown): boolean {
  return isBusy(error);
}
