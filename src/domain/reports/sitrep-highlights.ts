import type { Dispute, Figure } from './figures.js';
import type { Flag } from '../accountability/plausibility.js';
import type { SitrepContext } from './sitrep-context.js';
import type { Highlight, Sitrep } from './sitrep.js';

// The highlights of a situation report: what was counted, what each source reported, what is disputed.

/** The highlights: people departed, vehicles used, corridors opened, returns, disputes and flags. */
export function highlightsOf(
  ctx: SitrepContext,
  computed: readonly Figure[],
  reported: readonly Figure[],
  disputes: readonly Dispute[],
  flags: ReadonlyMap<string, Flag[]>,
): Sitrep['highlights'] {
  const main = (metric: string) =>
    computed.find((f) => f.metric === metric && f.stage === null) ??
    computed.find((f) => f.metric === metric);
  const highlights: Sitrep['highlights'] = [];
  const fmt = (n: number) => n.toLocaleString('en-GB');
  const plural = (n: number, one: string, many: string) => `${fmt(n)} ${n === 1 ? one : many}`;
  const departed = main('people_departed');
  if (departed) {
    const [men, women, children, elderly] = ['men', 'women', 'children', 'elderly'].map(
      (k) => main(`people_departed.${k}`)!.value,
    ) as [number, number, number, number];
    highlights.push({
      text: `${plural(departed.value, 'person', 'people')} on the manifests of convoys that arrived, as recorded (${fmt(men)} men, ${fmt(women)} women, ${fmt(children)} children, ${fmt(elderly)} elderly people).`,
      kind: 'people-departed',
      numbers: { people: departed.value, men, women, children, elderly },
      figures: [departed.id],
    });
  }
  const buses = main('buses_used');
  const ambulances = main('ambulances_used');
  if (buses && ambulances)
    highlights.push({
      text: `${plural(buses.value, 'bus', 'buses')} and ${plural(ambulances.value, 'ambulance', 'ambulances')} used on convoys that boarded.`,
      kind: 'vehicles-used',
      numbers: { buses: buses.value, ambulances: ambulances.value },
      figures: [buses.id, ambulances.id],
    });
  const opened = main('corridors_opened');
  const posts = ctx.state.command_posts.length;
  if (opened)
    highlights.push({
      text: `${plural(opened.value, 'corridor', 'corridors')} opened; ${plural(posts, 'command post', 'command posts')}.`,
      kind: 'corridors-opened',
      numbers: { corridors: opened.value, commandPosts: posts },
      figures: [opened.id, 'computed:command_posts'],
    });
  for (const metric of HEADLINE_METRICS) {
    const claims = reported.filter((f) => f.metric === metric);
    if (claims.length > 0) highlights.push(reportedHighlight(metric, claims, fmt));
  }
  const returns = computed.find((f) => f.metric === 'returns' && f.label.endsWith('all areas'));
  if (returns && returns.value > 0)
    highlights.push({
      text: `${plural(returns.value, 'person', 'people')} recorded as returned.`,
      kind: 'returns',
      numbers: { people: returns.value },
      figures: [returns.id],
    });
  if (disputes.length > 0)
    highlights.push({
      text: `${plural(disputes.length, 'figure', 'figures')} disputed between sources, shown side by side below.`,
      kind: 'disputed',
      numbers: { figures: disputes.length },
      figures: disputes.flatMap((d) => d.figures.map((f) => f.id)),
    });
  const flaggedIds = [...flags.keys()];
  if (flaggedIds.length > 0)
    highlights.push({
      text: `${plural(flaggedIds.length, 'figure', 'figures')} flagged as implausible.`,
      kind: 'flagged',
      numbers: { figures: flaggedIds.length },
      figures: flaggedIds,
    });
  return highlights;
}

/** The metrics whose reported figures the highlights give, beside the computed ones. */
const HEADLINE_METRICS = [
  'people_departed',
  'people_evacuated',
  'population',
  'buses_used',
  'ambulances_used',
];

/** What the sources reported of one metric, each with its source: none of them is taken as the truth. */
function reportedHighlight(metric: string, claims: readonly Figure[], fmt: (n: number) => string): Highlight {
  const amount = (f: Figure) =>
    f.valueMax !== null && f.valueMax !== f.value ? `${fmt(f.value)}-${fmt(f.valueMax)}` : fmt(f.value);
  const said = claims.map(
    (f) =>
      `${amount(f)}${f.stage ? ` (${f.stage})` : ''} by ${f.source.organisation}${f.source.date ? ` on ${f.source.date.slice(0, 10)}` : ''}`,
  );
  return {
    text: `Reported ${metric.replaceAll('_', ' ')}: ${said.join('; ')}.`,
    kind: 'reported',
    numbers: {},
    figures: claims.map((f) => f.id),
    metric,
    claims: claims.map((f) => ({
      figure: f.id,
      ...(f.valueMax !== null && f.valueMax !== f.value
        ? { min: f.value, max: f.valueMax }
        : { value: f.value }),
      source: f.source.organisation,
    })),
  };
}
