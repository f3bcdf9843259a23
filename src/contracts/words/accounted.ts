import type { Words } from './translate.js';

/** What "accounted for" is said from: a corridor's reconciliation, as the API and the report give it. */
export interface AccountedFacts {
  accounted: { state: string; reason: string };
  notCounted: readonly string[];
  unaccountedConvoys?: readonly string[];
  total: {
    convoys: number;
    entered: { total: number };
    exited: { total: number };
    inTransit: { total: number };
  };
}

/**
 * Whether everyone who entered a corridor is accounted for, in the reader's language, with the numbers:
 * the same sentence on the console's corridor board and in the situation report.
 */
export function accountedWords(w: Words, facts: AccountedFacts | undefined): string {
  const figures: Record<string, string> = facts
    ? {
        entered: w.number(facts.total.entered.total),
        exited: w.number(facts.total.exited.total),
        inTransit: w.number(facts.total.inTransit.total),
      }
    : {};
  const state = facts?.accounted.state ?? 'unknown';
  if (state === 'yes') return w.t('accountedYes', figures);
  if (state === 'no')
    return w.t('accountedNo', {
      ...figures,
      convoys:
        facts!.unaccountedConvoys && facts!.unaccountedConvoys.length > 0
          ? w.list(facts!.unaccountedConvoys)
          : facts!.accounted.reason,
    });
  if (facts && facts.notCounted.length > 0 && facts.total.convoys > 0)
    return w.t('accountedUncounted', { convoys: w.list(facts.notCounted) });
  return w.t('accountedNothing');
}
