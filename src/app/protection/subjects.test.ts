import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { eventsAfter } from '../log/event-feed.js';
import { READ_BATCH, recordRead } from './subjects.js';

describe('the record of a read of personal data', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await demoStore('sqlite');
  });
  afterAll(() => t.cleanup());

  it('names every person read, in as many events as it takes, however many were read', async () => {
    const ids = Array.from({ length: READ_BATCH * 2 + 3 }, () => uuidv7());
    await recordRead(t.ctx, SYSTEM, DEMO, ids, 'audit');
    const reads = (await eventsAfter(t.ctx, SYSTEM, DEMO, 0, 100_000)).filter(
      (e) => e.type === 'PersonalDataRead',
    );
    const named = reads.flatMap((e) => (e.payload as { subjectIds: string[] }).subjectIds);
    expect(reads.map((e) => (e.payload as { subjectIds: string[] }).subjectIds.length)).toEqual([
      READ_BATCH,
      READ_BATCH,
      3,
    ]);
    expect(named).toEqual(ids);
  });
});
