import type { EventPayload } from '../../contracts/events.js';
import { InvalidInputError, said } from '../errors.js';
import { figureProblem } from './figures.js';
import { RuleBase } from '../rule-base.js';

/** The rules of reports events against the state they are appended to. */
export class ReportsRules extends RuleBase {
  async FigureReported(p: EventPayload<'FigureReported'>) {
    if (p.valueMax !== undefined && p.valueMax < p.value)
      throw new InvalidInputError(said('a range must not end below its start'), { field: 'valueMax' });
    const problem = figureProblem(p);
    if (problem) throw new InvalidInputError(problem.said, { field: problem.field });
    await this.fresh('figures', p.figureId, p.code);
    await this.ref('organisations', p.sourceOrganisationId, 'sourceOrganisationId');
    await this.optionalRef('areas', p.areaId, 'areaId');
  }
}
