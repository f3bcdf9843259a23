import { useMemo } from 'react';
import type { Checkpoint, Convoy } from '../client/records.js';
import type { Session } from '../client/session.js';
import { LanguageToggle, useI18n } from '../i18n/i18n.js';
import { CarriedCounters, Counter, TallyQueue } from './parts.js';
import { ServerTallies } from './ServerTallies.js';
import { CATEGORIES, MAY_TALLY, ZERO, useTallyForm, type Scope } from './use-tally-form.js';
import type { Places } from './use-tally.js';

export function Tally({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, tx, number } = useI18n();
  const f = useTallyForm(session);
  const { places, checkpoint, convoy, scope, correcting, counts } = f;
  const mayTally = places?.role === undefined || MAY_TALLY.has(places.role);

  return (
    <div className="tally">
      <TallyHeader online={f.online} onSignOut={onSignOut} />
      {!places && <p>{t('tallyNeedsData')}</p>}
      {!mayTally && (
        <p role="alert" className="error">
          {t('roleMayNotTally', { role: places?.role ? tx('role', places.role) : '' })}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit();
        }}
      >
        <PlacePickers
          places={places}
          checkpoint={checkpoint}
          checkpointId={f.checkpointId}
          convoyId={f.convoyId}
          onCheckpoint={f.chooseCheckpoint}
          onConvoy={f.chooseConvoy}
        />
        {convoy && places && (
          <ScopePicker places={places} convoy={convoy} scope={scope} onScope={f.setScope} />
        )}
        {correcting && (
          <p className="correcting" role="status">
            {t('correcting', { time: correcting.at.slice(11, 16), count: number(correcting.total ?? 0) })}{' '}
            <button type="button" onClick={() => f.setCorrecting(null)}>
              {t('cancel')}
            </button>
          </p>
        )}
        <div className="counters">
          {CATEGORIES.filter((c) => c !== 'vehicles' || scope.kind === 'convoy').map((cat) => (
            <Counter key={cat} category={cat} value={counts[cat]} onChange={(n) => f.setCount(cat, n)} />
          ))}
        </div>
        <p className="total">{t('totalPeople', { count: number(f.people) })}</p>
        <CarriedCounters carried={f.carried} onItem={f.setItem} />
        <FormButtons
          disabled={
            !checkpoint ||
            !convoy ||
            !mayTally ||
            (scope.kind === 'vehicles' && scope.vehicleIds.length === 0)
          }
          onReset={() => {
            f.setCounts(ZERO);
            f.setCarried({});
          }}
          message={f.message}
        />
      </form>
      {checkpoint && convoy && places && (
        <ServerTallies
          held={f.held}
          places={places}
          convoy={convoy.code}
          checkpoint={checkpoint.code}
          online={f.online === true}
          timezone={undefined}
          reason={f.reason}
          onReason={f.setReason}
          onCorrect={f.correct}
          onVoid={(h) => void f.voidTally(h)}
        />
      )}
      <TallyQueue pending={f.queue.pending} sent={f.queue.sent} onSync={() => void f.queue.sync()} />
    </div>
  );
}

function FormButtons({
  disabled,
  onReset,
  message,
}: {
  disabled: boolean;
  onReset: () => void;
  message: string | null;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="row">
        <button type="submit" className="primary" disabled={disabled}>
          {t('submit')}
        </button>
        <button type="button" onClick={onReset}>
          {t('reset')}
        </button>
      </div>
      {message && (
        <p role="status" className="message">
          {message}
        </p>
      )}
    </>
  );
}

function TallyHeader({ online, onSignOut }: { online: boolean | null; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <header className="row tally-head">
      <h1>{t('tallyTitle')}</h1>
      <span className={`net ${online ? 'on' : 'off'}`} role="status" data-testid="network">
        {online === null ? t('checking') : online ? t('live') : t('offline')}
      </span>
      <LanguageToggle />
      <button type="button" onClick={onSignOut}>
        {t('signOut')}
      </button>
    </header>
  );
}

/** The whole convoy, or some of its vehicles (by code and plate), for a tally vehicle by vehicle. */
function ScopePicker({
  places,
  convoy,
  scope,
  onScope,
}: {
  places: Places;
  convoy: Convoy;
  scope: Scope;
  onScope: (scope: Scope) => void;
}) {
  const { t } = useI18n();
  const vehicles = new Map((places.vehicles ?? []).map((v) => [v.id, v]));
  const own = convoy.vehicleIds ?? [];
  const toggle = (id: string) =>
    onScope({
      kind: 'vehicles',
      vehicleIds: scope.vehicleIds.includes(id)
        ? scope.vehicleIds.filter((v) => v !== id)
        : [...scope.vehicleIds, id],
    });
  return (
    <fieldset className="scope">
      <legend>{t('scope')}</legend>
      <label>
        <input
          type="radio"
          name="scope"
          checked={scope.kind === 'convoy'}
          onChange={() => onScope({ kind: 'convoy', vehicleIds: [] })}
        />{' '}
        {t('scopeWhole')}
      </label>
      <label>
        <input
          type="radio"
          name="scope"
          checked={scope.kind === 'vehicles'}
          disabled={own.length === 0}
          onChange={() => onScope({ kind: 'vehicles', vehicleIds: [] })}
        />{' '}
        {t('scopeVehicles')}
      </label>
      {scope.kind === 'vehicles' && (
        <div className="vehicles" role="group" aria-label={t('vehiclesCounted')}>
          {own.map((id) => (
            <label key={id}>
              <input type="checkbox" checked={scope.vehicleIds.includes(id)} onChange={() => toggle(id)} />{' '}
              {vehicles.get(id)?.code ?? id.slice(0, 8)} {vehicles.get(id)?.plate ?? ''}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** The checkpoint (those of the caller's own command posts first), then the convoy of its corridor. */
function PlacePickers({
  places,
  checkpoint,
  checkpointId,
  convoyId,
  onCheckpoint,
  onConvoy,
}: {
  places: Places | null;
  checkpoint: Checkpoint | undefined;
  checkpointId: string;
  convoyId: string;
  onCheckpoint: (id: string) => void;
  onConvoy: (id: string) => void;
}) {
  const { t, tx } = useI18n();
  const convoys = useMemo(
    () =>
      (places?.convoys ?? [])
        .filter((c) => !checkpoint || c.corridorId === checkpoint.corridorId)
        .filter((c) => c.status !== 'arrived' || c.id === convoyId),
    [places, checkpoint, convoyId],
  );
  const checkpoints = useMemo(() => {
    const own = new Set(places?.ownPosts ?? []);
    const rank = (c: Checkpoint) => (c.commandPostId !== null && own.has(c.commandPostId) ? 0 : 1);
    return [...(places?.checkpoints ?? [])].sort(
      (a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code, 'en', { numeric: true }),
    );
  }, [places]);
  return (
    <>
      <label htmlFor="checkpoint">{t('chooseCheckpoint')}</label>
      <select id="checkpoint" value={checkpointId} onChange={(e) => onCheckpoint(e.target.value)}>
        <option value="">{t('pickOne')}</option>
        {checkpoints.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code} {c.name}
          </option>
        ))}
      </select>
      <label htmlFor="convoy">{t('chooseConvoy')}</label>
      <select id="convoy" value={convoyId} onChange={(e) => onConvoy(e.target.value)}>
        <option value="">{t('pickOne')}</option>
        {convoys.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code} ({tx('status', c.status)})
          </option>
        ))}
      </select>
    </>
  );
}
