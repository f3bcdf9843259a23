import { useI18n } from '../i18n/i18n.js';
import type { OperationView } from './use-operation.js';

/**
 * Vehicles by type: how many, how many are on a convoy boarding or on the road (the convoy's vehicles),
 * seats and stretchers.
 */
export function Fleet({ view }: { view: OperationView }) {
  const { t, tx, number } = useI18n();
  const onRoad = new Set(
    view.convoys
      .filter((c) => c.status === 'boarding' || c.status === 'departed')
      .flatMap((c) => c.vehicleIds ?? []),
  );
  const kinds = [...new Set(view.vehicles.map((v) => v.kind))].sort();
  const organisations = new Map(view.organisations.map((o) => [o.id, o.code]));
  return (
    <section aria-labelledby="fleet-heading">
      <h2 id="fleet-heading">{t('fleet')}</h2>
      <table className="figures" data-testid="fleet">
        <thead>
          <tr>
            <th scope="col">{t('vehicleType')}</th>
            <th scope="col">{t('vehicles')}</th>
            <th scope="col">{t('onConvoy')}</th>
            <th scope="col">{t('available')}</th>
            <th scope="col">{t('seats')}</th>
            <th scope="col">{t('stretchers')}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => {
            const of = view.vehicles.filter((v) => v.kind === kind);
            const busy = of.filter((v) => onRoad.has(v.id)).length;
            return (
              <tr key={kind}>
                <th scope="row">{tx('kind', kind)}</th>
                <td>{number(of.length)}</td>
                <td>{number(busy)}</td>
                <td>{number(of.length - busy)}</td>
                <td>{number(of.reduce((s, v) => s + v.seats, 0))}</td>
                <td>{number(of.reduce((s, v) => s + v.stretchers, 0))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('source')}</h3>
      <ul className="inline-list">
        {[...new Set(view.vehicles.map((v) => v.organisationId))].map((id) => (
          <li key={id}>
            {organisations.get(id) ?? id}:{' '}
            {number(view.vehicles.filter((v) => v.organisationId === id).length)}
          </li>
        ))}
      </ul>
    </section>
  );
}
