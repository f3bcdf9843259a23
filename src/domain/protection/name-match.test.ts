import { describe, expect, it } from 'vitest';
import { nameScore, nameTokens, skeleton, tokensMatch } from './name-match.js';

describe('name matching for tracing', () => {
  it('takes the usual Latin spellings of one Arabic name as the same name', () => {
    const variants = ['Mohammed', 'Muhammad', 'Mohamad', 'Mohamed', 'Muhammed', 'Mohammad', 'Mouhamad'];
    for (const a of variants)
      for (const b of variants) expect(tokensMatch(a.toLowerCase(), b.toLowerCase()), `${a}/${b}`).toBe(true);
    for (const [a, b] of [
      ['Hussein', 'Hussain'],
      ['Hussein', 'Husayn'],
      ['Youssef', 'Yusuf'],
      ['Khaled', 'Khalid'],
      ['Abdulrahman', 'Abdelrahman'],
      ['Fatima', 'Fatma'],
      ['Aisha', 'Aysha'],
      ['Omar', 'Umar'],
    ])
      expect(tokensMatch(nameTokens(a!)[0]!, nameTokens(b!)[0]!), `${a}/${b}`).toBe(true);
  });

  it('matches a name in Arabic script to its Latin spellings', () => {
    for (const latin of ['Mohammed', 'Muhammad', 'Mohamad'])
      expect(tokensMatch('محمد', latin.toLowerCase())).toBe(true);
    expect(tokensMatch('خالد', 'khaled')).toBe(true);
    expect(tokensMatch('يوسف', 'youssef')).toBe(true);
    // A final ta marbuta is said -a or -ah: both spellings are the name; a final ha is written.
    for (const [arabic, latin] of [
      ['فاطمة', 'fatima'],
      ['فاطمة', 'fatimah'],
      ['عائشة', 'aisha'],
      ['خديجة', 'khadija'],
      ['حمزة', 'hamza'],
      ['أسامة', 'usama'],
      ['عبدالله', 'abdullah'],
    ])
      expect(tokensMatch(arabic!, latin!), `${arabic}/${latin}`).toBe(true);
    expect(tokensMatch('عبدالله', 'abdulla')).toBe(false);
    expect(nameScore('فاطمة علي', 'Fatima Ali')).toBe(1);
    expect(skeleton('مُحَمَّد')).toBe(skeleton('محمد'));
  });

  it('does not match different names that look alike', () => {
    for (const [a, b] of [
      ['Mohammed', 'Mahmoud'],
      ['Mohammed', 'Ahmad'],
      ['Ahmad', 'Hamad'],
      ['Fatima', 'Khadija'],
      ['Omar', 'Amer'],
      ['Ali', 'Alia'],
      ['Hassan', 'Hussein'],
    ])
      expect(tokensMatch(nameTokens(a!)[0]!, nameTokens(b!)[0]!), `${a}/${b}`).toBe(false);
    expect(tokensMatch('محمد', 'ahmad')).toBe(false);
  });

  it('scores whole names, ignoring particles, and needs the given name to match', () => {
    expect(nameScore('Mohammed al-Hassan', 'Muhammad Hassan')).toBe(1);
    expect(nameScore('Mohammed Hassan', 'Mohamad bin Hasan')).toBe(1);
    expect(nameScore('محمد حسن', 'Muhammad Hassan')).toBe(1);
    expect(nameScore('Mohammed Hassan', 'Mohammed Khalil')).toBe(0.5);
    expect(nameScore('Mohammed Hassan', 'Ahmad Hassan')).toBe(0);
    expect(nameScore('Fatima Ali', 'Khadija Omar')).toBe(0);
  });
});
