import { insert, opt, type Projectors } from '../projection.js';

/** The row changes of reports events. */
export const REPORTS_PROJECTORS: Projectors<'FigureReported'> = {
  FigureReported: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('figures', {
        id: p.figureId,
        operation_id: op,
        code: p.code,
        metric: p.metric,
        label: p.label,
        hxl: opt(p.hxl),
        value: p.value,
        value_max: opt(p.valueMax),
        qualifier: p.qualifier,
        unit: p.unit,
        area_id: opt(p.areaId),
        as_of: p.asOf,
        source_organisation_id: p.sourceOrganisationId,
        source_document: p.sourceDocument,
        source_date: opt(p.sourceDate),
        method: p.method,
        note: opt(p.note),
        query: opt(p.query),
        recorded_by: event.organisation,
      }),
    ];
  },
};
