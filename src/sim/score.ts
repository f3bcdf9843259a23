import { ALERTING_FAULTS, type Fault, type FaultKind } from './simulate.js';

export interface RaisedAlert {
  kind: string;
  convoy: string | null;
  raisedAt: string;
}

/** Which alert kinds count as noticing each kind of fault. */
const NOTICED_BY: Partial<Record<FaultKind, readonly string[]>> = {
  missing: ['people-missing'],
  stopped: ['convoy-stopped', 'convoy-overdue'],
  detached: ['vehicle-detached', 'people-missing'],
};

export interface Detection {
  alerts: (RaisedAlert & { faultId: string | null })[];
  detection: { recall: number; precision: number; medianDelaySeconds: number | null };
}

/**
 * Match alerts to the injected faults: an alert matches a fault of an alerting kind on its convoy
 * that it can notice, raised after the fault happened. Recall counts the alerting faults noticed;
 * precision the alerts that match one; the delay runs from when the fault became observable to its
 * first alert (an alert before that, e.g. overdue before the stopped threshold, counts as 0).
 */
export function score(faults: readonly Fault[], alerts: readonly RaisedAlert[]): Detection {
  const alerting = faults.filter((f) => ALERTING_FAULTS.includes(f.kind));
  const matched = alerts.map((a) => {
    const fault = alerting.find(
      (f) => f.convoy === a.convoy && NOTICED_BY[f.kind]!.includes(a.kind) && a.raisedAt >= f.at,
    );
    return { ...a, faultId: fault?.id ?? null };
  });
  const delays: number[] = [];
  let noticed = 0;
  for (const f of alerting) {
    const first = matched
      .filter((a) => a.faultId === f.id)
      .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))[0];
    if (!first) continue;
    noticed += 1;
    const from = Date.parse(f.observableAt ?? f.at);
    delays.push(Math.max(0, (Date.parse(first.raisedAt) - from) / 1000));
  }
  delays.sort((a, b) => a - b);
  const median =
    delays.length === 0
      ? null
      : delays.length % 2 === 1
        ? delays[(delays.length - 1) / 2]!
        : (delays[delays.length / 2 - 1]! + delays[delays.length / 2]!) / 2;
  return {
    alerts: matched,
    detection: {
      recall: alerting.length === 0 ? 1 : noticed / alerting.length,
      precision: alerts.length === 0 ? 1 : matched.filter((a) => a.faultId !== null).length / alerts.length,
      medianDelaySeconds: median,
    },
  };
}
