import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../events.js';
import { MESSAGES, type MessageKey } from './messages.js';

describe('the words of the event log', () => {
  it('name every type of event in both languages, and no type that does not exist', () => {
    for (const lang of ['en', 'ar'] as const)
      for (const type of EVENT_TYPES)
        expect(MESSAGES[lang][`eventType.${type}` as MessageKey], `${lang} ${type}`).toBeTruthy();
    const named = Object.keys(MESSAGES.en).filter((k) => k.startsWith('eventType.'));
    expect(named.map((k) => k.slice('eventType.'.length)).sort()).toEqual([...EVENT_TYPES].sort());
  });
});
