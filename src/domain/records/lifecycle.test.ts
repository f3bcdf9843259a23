import { describe, expect, it } from 'vitest';
import { canChangeConvoyStatus, canChangeCorridorStatus } from './lifecycle.js';

describe('corridor lifecycle', () => {
  it('notifies a planned corridor, makes it ready, opens, suspends and reopens it, then closes it', () => {
    expect(canChangeCorridorStatus('planned', 'notified')).toBe(true);
    expect(canChangeCorridorStatus('notified', 'ready')).toBe(true);
    expect(canChangeCorridorStatus('ready', 'open')).toBe(true);
    expect(canChangeCorridorStatus('open', 'suspended')).toBe(true);
    expect(canChangeCorridorStatus('suspended', 'open')).toBe(true);
    expect(canChangeCorridorStatus('open', 'closed')).toBe(true);
  });

  it('never reopens a closed corridor nor suspends one that never opened', () => {
    expect(canChangeCorridorStatus('closed', 'open')).toBe(false);
    expect(canChangeCorridorStatus('planned', 'suspended')).toBe(false);
  });

  it('skips no step on the way to open', () => {
    expect(canChangeCorridorStatus('planned', 'open')).toBe(false);
    expect(canChangeCorridorStatus('planned', 'ready')).toBe(false);
    expect(canChangeCorridorStatus('notified', 'open')).toBe(false);
  });
});

describe('convoy lifecycle', () => {
  it('goes planned, boarding, departed, arrived and never backwards', () => {
    expect(canChangeConvoyStatus('planned', 'boarding')).toBe(true);
    expect(canChangeConvoyStatus('boarding', 'departed')).toBe(true);
    expect(canChangeConvoyStatus('departed', 'arrived')).toBe(true);
    expect(canChangeConvoyStatus('arrived', 'departed')).toBe(false);
    expect(canChangeConvoyStatus('planned', 'departed')).toBe(false);
  });
});
