import { useState } from 'react';
import { CarriedFields, carriedOf, type CarriedDraft } from './CarriedFields.js';
import { CHECKPOINT_KINDS, ORGANISATION_ROLES, VEHICLE_KINDS } from '../../contracts/kinds.js';
import type { Session } from '../client/session.js';
import { useI18n } from '../i18n/i18n.js';
import { utcOfWallTime } from '../shared/format.js';
import { CodeChoice, FoldedForm, PlaceNameFields, namesOf, NumberField } from './fields.js';
import { Choice, PlacePicker, usePlace, type Pick } from './Incidents.js';
import { vehiclesHeld } from './moves.js';
import { CloseOperation, OrganisationContacts, WatchAssignment } from './OperationSetup.js';
import { DeclareCorridor, ImportAreas } from './RegistryMap.js';
import { useCreate } from './use-create.js';
import type { OperationView } from './use-operation.js';

/** Who sets an operation up (the API says the same). */
const MAY_SET_UP = new Set(['coordinator']);
const point = (at: [number, number]) => ({
  type: 'Point' as const,
  coordinates: at.map((c) => Math.round(c * 1e6) / 1e6),
});

/**
 * The operation's registry, for the coordinator who sets it up: corridors (drawn on the map), areas
 * (from a boundary file), organisations, vehicles, reception points, command posts and checkpoints
 * (placed with a tap on the map), a convoy planned by hand (without the planner), what each command post
 * watches, the organisations' focal points, and closing the operation. Each form records one event; the
 * server allocates the code.
 */
export function Registry({
  view,
  session,
  onPick,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
}) {
  const { t, tx } = useI18n();
  if (!view.role || !MAY_SET_UP.has(view.role))
    return (
      <section aria-labelledby="registry-heading">
        <h2 id="registry-heading">{t('registry')}</h2>
        {view.role && <p className="muted">{t('mayNotSetUp', { role: tx('role', view.role) })}</p>}
      </section>
    );
  return (
    <section aria-labelledby="registry-heading" data-testid="registry">
      <h2 id="registry-heading">{t('registry')}</h2>
      <p className="muted small">{t('registryExplained')}</p>
      <DeclareCorridor view={view} session={session} onPick={onPick} />
      <ImportAreas view={view} session={session} />
      <PlanConvoy view={view} session={session} />
      <RegisterVehicle view={view} session={session} />
      <PlacedRecord view={view} session={session} onPick={onPick} kind="reception-points" />
      <PlacedRecord view={view} session={session} onPick={onPick} kind="command-posts" />
      <PlacedRecord view={view} session={session} onPick={onPick} kind="checkpoints" />
      <RegisterOrganisation session={session} />
      <WatchAssignment view={view} session={session} />
      <OrganisationContacts view={view} session={session} />
      <h3>{t('closeOperation')}</h3>
      <CloseOperation view={view} session={session} />
    </section>
  );
}

/** A convoy planned by hand: its corridor, reception point, free vehicles and when it is to leave. */
function PlanConvoy({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx } = useI18n();
  const { created, error, setError, create } = useCreate(session, 'convoys');
  const corridors = (view.corridors ?? []).filter((c) => c.status !== 'closed');
  // The first of each until another is chosen (the lists may come after the page).
  const [corridorChosen, setCorridor] = useState('');
  const [receptionChosen, setReception] = useState('');
  const corridor = corridorChosen || (corridors[0]?.code ?? '');
  const reception = receptionChosen || (view.receptionPoints[0]?.code ?? '');
  const [vehicles, setVehicles] = useState<string[]>([]);
  const [leaves, setLeaves] = useState('');
  const held = vehiclesHeld(view.convoys);
  const free = view.vehicles.filter((v) => !held.has(v.id));
  const tz = view.operation?.timezone;
  const submit = () => {
    const at = leaves ? utcOfWallTime(leaves, tz) : null;
    if (leaves && !at) return setError(t('windowTimesInvalid'));
    void create({
      corridorId: corridor,
      ...(reception ? { receptionPointId: reception } : {}),
      vehicleIds: vehicles,
      ...(at ? { plannedDeparture: at } : {}),
    }).then((ok) => ok && setVehicles([]));
  };
  return (
    <FoldedForm
      title={t('planConvoyByHand')}
      testId="plan-convoy"
      onSubmit={submit}
      disabled={!corridor}
      created={created}
      error={error}
    >
      <CodeChoice label={t('corridor')} value={corridor} items={corridors} onChange={setCorridor} />
      <CodeChoice
        label={t('receptionPoint')}
        value={reception}
        items={view.receptionPoints}
        onChange={setReception}
      />
      <label>
        {t('freeVehicles', { n: free.length })}
        <select
          multiple
          size={6}
          value={vehicles}
          onChange={(e) => setVehicles([...e.target.selectedOptions].map((o) => o.value))}
        >
          {free.map((v) => (
            <option key={v.id} value={v.code}>
              {v.code} · {tx('kind', v.kind)} · {v.plate ?? ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('plannedDeparture')}
        <input type="datetime-local" value={leaves} onChange={(e) => setLeaves(e.target.value)} />
      </label>
    </FoldedForm>
  );
}

function RegisterVehicle({ view, session }: { view: OperationView; session: Session }) {
  const { t, tx } = useI18n();
  const { created, error, create } = useCreate(session, 'vehicles');
  const [kind, setKind] = useState<(typeof VEHICLE_KINDS)[number]>('bus');
  const [seats, setSeats] = useState('45');
  const [stretchers, setStretchers] = useState('0');
  const [organisationChosen, setOrganisation] = useState('');
  const organisation = organisationChosen || (view.organisations[0]?.code ?? '');
  const [plate, setPlate] = useState('');
  const submit = () =>
    void create({
      kind,
      seats: Number(seats),
      stretchers: Number(stretchers),
      organisationId: organisation,
      plate: plate.trim(),
    }).then((ok) => ok && setPlate(''));
  return (
    <FoldedForm
      title={t('registerVehicle')}
      testId="register-vehicle"
      onSubmit={submit}
      disabled={!plate.trim() || !organisation}
      created={created}
      error={error}
    >
      <Choice
        label={t('vehicleType')}
        value={kind}
        values={VEHICLE_KINDS}
        words={(k) => tx('kind', k)}
        onChange={setKind}
      />
      <NumberField label={t('seats')} value={seats} onChange={setSeats} max={200} />
      <NumberField label={t('stretchers')} value={stretchers} onChange={setStretchers} max={20} />
      <CodeChoice
        label={t('organisation')}
        value={organisation}
        items={view.organisations}
        onChange={setOrganisation}
      />
      <label>
        {t('plate')}
        <input value={plate} onChange={(e) => setPlate(e.target.value)} required maxLength={20} dir="auto" />
      </label>
    </FoldedForm>
  );
}

/** A reception point, a command post or a checkpoint: named, placed with a tap on the map. */
function PlacedRecord({
  view,
  session,
  onPick,
  kind,
}: {
  view: OperationView;
  session: Session;
  onPick: (pick: Pick) => void;
  kind: 'reception-points' | 'command-posts' | 'checkpoints';
}) {
  const { t } = useI18n();
  const { created, error, setError, create } = useCreate(session, kind);
  const { at, setAt, picking, pick } = usePlace(onPick);
  const [names, setNames] = useState({ name: '', nameAr: '' });
  const [chosen, setF] = useState<PlaceFields>({
    capacity: '1000',
    organisation: '',
    corridor: '',
    checkpointKind: 'intermediate',
    ordinal: '1',
    room: {},
  });
  const f = {
    ...chosen,
    organisation: chosen.organisation || (view.organisations[0]?.code ?? ''),
    corridor: chosen.corridor || (view.corridors?.[0]?.code ?? ''),
  };
  const submit = () => {
    if (!at) return setError(t('incidentNeedsPlace'));
    const extra =
      kind === 'reception-points'
        ? { capacity: Number(f.capacity), ...(carriedOf(f.room) ? { room: carriedOf(f.room) } : {}) }
        : kind === 'command-posts'
          ? { organisationId: f.organisation }
          : { corridorId: f.corridor, kind: f.checkpointKind, ordinal: Number(f.ordinal) };
    void create({ ...namesOf(names), location: point(at), ...extra }).then((ok) => {
      if (!ok) return;
      setNames({ name: '', nameAr: '' });
      setAt(null);
    });
  };
  const title = t(`establish.${kind}`);
  return (
    <FoldedForm
      title={title}
      testId={`establish-${kind}`}
      onSubmit={submit}
      disabled={!names.name.trim() || !at}
      created={created}
      error={error}
    >
      <PlaceNameFields {...names} onChange={setNames} />
      <KindFields kind={kind} view={view} f={f} set={(change) => setF((old) => ({ ...old, ...change }))} />
      <PlacePicker at={at} picking={picking} onPick={pick} />
    </FoldedForm>
  );
}

interface PlaceFields {
  capacity: string;
  organisation: string;
  corridor: string;
  checkpointKind: (typeof CHECKPOINT_KINDS)[number];
  ordinal: string;
  room: CarriedDraft;
}

/** What a reception point, a command post or a checkpoint needs besides its name and place. */
function KindFields({
  kind,
  view,
  f,
  set,
}: {
  kind: 'reception-points' | 'command-posts' | 'checkpoints';
  view: OperationView;
  f: PlaceFields;
  set: (change: Partial<PlaceFields>) => void;
}) {
  const { t, tx } = useI18n();
  return (
    <>
      {kind === 'reception-points' && (
        <>
          <label>
            {t('capacityPeople')}
            <input
              type="number"
              min={0}
              required
              value={f.capacity}
              onChange={(e) => set({ capacity: e.target.value })}
            />
          </label>
          <CarriedFields legend={t('carried.room')} value={f.room} onChange={(room) => set({ room })} />
        </>
      )}
      {kind === 'command-posts' && (
        <CodeChoice
          label={t('organisation')}
          value={f.organisation}
          items={view.organisations}
          onChange={(organisation) => set({ organisation })}
        />
      )}
      {kind === 'checkpoints' && (
        <>
          <CodeChoice
            label={t('corridor')}
            value={f.corridor}
            items={view.corridors ?? []}
            onChange={(corridor) => set({ corridor })}
          />
          <Choice
            label={t('checkpointKindLabel')}
            value={f.checkpointKind}
            values={CHECKPOINT_KINDS}
            words={(k) => tx('checkpointKind', k)}
            onChange={(checkpointKind) => set({ checkpointKind })}
          />
          <label>
            {t('ordinal')}
            <input
              type="number"
              min={0}
              max={1000}
              required
              value={f.ordinal}
              onChange={(e) => set({ ordinal: e.target.value })}
            />
          </label>
        </>
      )}
    </>
  );
}

function RegisterOrganisation({ session }: { session: Session }) {
  const { t, tx } = useI18n();
  const { created, error, create } = useCreate(session, 'organisations');
  const [name, setName] = useState('');
  const [nameAr, setNameAr] = useState('');
  const [role, setRole] = useState<(typeof ORGANISATION_ROLES)[number]>('ngo');
  const submit = () =>
    void create({ name: name.trim(), ...(nameAr.trim() ? { nameAr: nameAr.trim() } : {}), role }).then(
      (ok) => ok && setName(''),
    );
  return (
    <FoldedForm
      title={t('registerOrganisation')}
      testId="register-organisation"
      onSubmit={submit}
      disabled={!name.trim()}
      created={created}
      error={error}
    >
      <label>
        {t('nameLatin')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('nameArabic')}
        <input
          value={nameAr}
          onChange={(e) => setNameAr(e.target.value)}
          maxLength={200}
          dir="rtl"
          lang="ar"
        />
      </label>
      <Choice
        label={t('organisationRole')}
        value={role}
        values={ORGANISATION_ROLES}
        words={(r) => tx('orgRole', r)}
        onChange={setRole}
      />
    </FoldedForm>
  );
}
