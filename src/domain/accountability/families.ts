import type { ProjectableEvent } from '../projection.js';
import type { Condition } from './model.js';

/**
 * Family links: which convoy each registered member of a family group is on. A family group whose
 * members are on different convoys (and so may arrive at different reception points) raises a
 * `family-split` alert, in codes and counts only: alerts are seen by every role, names by none.
 */
export class FamilyState {
  private readonly groups = new Map<string, string>();
  private readonly members = new Map<string, { group: string; convoy: string | undefined }>();

  /** The family group an event concerns, after folding it, or undefined. */
  fold(event: ProjectableEvent): string | undefined {
    switch (event.type) {
      case 'FamilyGroupRegistered':
        this.groups.set(event.payload.familyGroupId, event.payload.code);
        return event.payload.familyGroupId;
      case 'PersonRegistered': {
        const p = event.payload;
        if (p.familyGroupId === undefined) return undefined;
        this.members.set(p.registrationId, { group: p.familyGroupId, convoy: p.convoyId });
        return p.familyGroupId;
      }
      case 'PersonAssigned': {
        const member = this.members.get(event.payload.registrationId);
        if (!member) return undefined;
        member.convoy = event.payload.convoyId;
        return member.group;
      }
      case 'PersonErased': {
        const member = this.members.get(event.payload.registrationId);
        this.members.delete(event.payload.registrationId);
        return member?.group;
      }
      default:
        return undefined;
    }
  }

  conditions(
    groupId: string,
    convoyOf: (id: string) => { code: string; receptionPoint: string | undefined } | undefined,
    since: string,
  ): Condition[] {
    const byConvoy = new Map<string, number>();
    for (const m of this.members.values())
      if (m.group === groupId && m.convoy !== undefined)
        byConvoy.set(m.convoy, (byConvoy.get(m.convoy) ?? 0) + 1);
    if (byConvoy.size < 2) return [];
    const code = this.groups.get(groupId) ?? groupId;
    const parts = [...byConvoy]
      .map(([id, n]) => {
        const convoy = convoyOf(id);
        return `${n} on ${convoy?.code ?? id}${convoy?.receptionPoint ? ` (to ${convoy.receptionPoint})` : ''}`;
      })
      .sort();
    const receptionPoints = new Set([...byConvoy.keys()].map((id) => convoyOf(id)?.receptionPoint));
    return [
      {
        key: `family-split:${groupId}`,
        kind: 'family-split',
        severity: receptionPoints.size > 1 ? 'critical' : 'warning',
        reason: () =>
          `family group ${code} is split over ${byConvoy.size} convoys: ${parts.join(', ')}${receptionPoints.size > 1 ? '; they will arrive at different reception points' : ''}`,
        numbers: { convoys: byConvoy.size, receptionPoints: receptionPoints.size },
        since,
      },
    ];
  }
}
