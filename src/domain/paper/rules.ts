import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, RuleViolatedError, said } from '../errors.js';
import { operationBegan } from '../records/lifecycle.js';
import { RuleBase } from '../rule-base.js';

/** The rules of paper events against the state they are appended to. */
export class PaperRules extends RuleBase {
  async SheetEntered(p: EventPayload<'SheetEntered'>) {
    const sheet = await this.ref('sheets', p.sheetId, 'sheetId');
    if (sheet.kind === 'registration')
      throw new RuleViolatedError(
        said(
          "sheet {sheet} is a registration form: it is entered as the person's registration (PersonRegistered with its sheetId)",
          { sheet: sheet.code },
        ),
        { field: 'sheetId' },
      );
    if (sheet.entered_at !== null)
      throw new ConflictError(
        said(
          'sheet {sheet} was entered at {at}, with something else written on it: what it holds is recorded once',
          { sheet: sheet.code, at: sheet.entered_at },
        ),
        { sheet: sheet.code, enteredAt: sheet.entered_at },
      );
  }

  async SheetIssued(p: EventPayload<'SheetIssued'>) {
    await this.fresh('sheets', p.sheetId, p.code);
    // What a sheet is of: a manifest of a convoy, a tally of a checkpoint on a day, a form of nothing.
    const NEEDS: Record<string, readonly string[]> = {
      manifest: ['convoyId'],
      tally: ['checkpointId', 'day'],
      registration: [],
    };
    const needs = NEEDS[p.kind]!;
    for (const field of ['convoyId', 'checkpointId', 'day'] as const) {
      const given = p[field] !== undefined;
      if (given !== needs.includes(field))
        throw new InvalidInputError(
          !given
            ? said('a {kind} sheet needs {field}', { kind: p.kind, field })
            : field === 'day'
              ? said('a {kind} sheet is not of a day', { kind: p.kind })
              : field === 'convoyId'
                ? said('a {kind} sheet is not of a convoy', { kind: p.kind })
                : said('a {kind} sheet is not of a checkpoint', { kind: p.kind }),
          { field },
        );
    }
    await this.optionalRef('convoys', p.convoyId, 'convoyId');
    await this.optionalRef('checkpoints', p.checkpointId, 'checkpointId');
    if (p.day !== undefined) await this.dayOfTheOperation(p.day);
  }

  /** A tally's day falls within the operation: not before it began, and not more than a year ahead. */
  private async dayOfTheOperation(day: string) {
    const operation = (await this.view.get('operations', this.view.operationId))!;
    const began = operationBegan(operation).slice(0, 10);
    // The day is the operation's local day: a day's margin either side covers every time zone.
    const before = new Date(Date.parse(`${began}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const latest = new Date(this.now.getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
    if (day < before || day > latest)
      throw new InvalidInputError(
        day < before
          ? said('{day} is before the operation began ({began})', { day, began })
          : said('{day} is more than a year ahead: print a tally sheet for a day the operation will work', {
              day,
            }),
        { field: 'day' },
      );
  }
}
