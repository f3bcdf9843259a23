import type { StoredEvent } from '../../contracts/events.js';
import {
  SYNC_PAGE_BYTES,
  type Heads,
  type PullAnswer,
  type PushAnswer,
  type SealedPersonKeys,
  type SyncHello,
} from '../../contracts/sync/sync.js';
import { DomainError, english, said, type Said } from '../../domain/errors.js';
import { siteEvents, siteEventsPage } from '../../store/event-log.js';
import { findPersonKeys } from '../../store/person-keys.js';
import { keysForUpstream, subjectsIntroduced } from '../protection/key-exchange.js';
import type { AppContext } from '../context.js';
import type { GrantedRole } from '../../contracts/common.js';
import { keepGrants } from './grants.js';
import { appendStored } from '../log/transfer.js';
import { toStoredEvent } from '../log/stored-event.js';
import { eventsBeyond, headsOf, THROUGH_ANOTHER_NODE } from './replication.js';
import { sitesBelow } from './site-names.js';
import { callUpstream, LinkError } from './upstream-http.js';

export { LinkError };

/** A clock further off than this from its upstream's is reported on both sides. */
export const CLOCK_LIMIT_MS = 120_000;

export interface UpstreamOptions {
  /** The upstream node, e.g. http://10.0.0.1:8080 */
  url: string;
  /** A site token made at the upstream for this node's site. */
  token: string;
  /** Between rounds while all is well (a local change starts one sooner). */
  intervalMs?: number;
  /** Events per page, either way. */
  pageSize?: number;
  /** The longest wait between failed rounds (they back off from 1 s to this); 60 s by default. */
  retryMaxMs?: number;
  /** A request that takes longer has failed. */
  timeoutMs?: number;
  /**
   * Write before the upstream confirmed this node's own sequence: only for a node known to be on its
   * own disk (after a power cut), never one restored from a backup (see README).
   */
  resumeOffline?: boolean;
  /** The operations of this node's other links (links.ts): a second token of one of them is refused. */
  otherOperations?: () => (string | null)[];
}

export interface UpstreamState {
  url: string;
  operationId: string | null;
  upstreamSite: string | null;
  lastContactAt: string | null;
  clockOffsetMs: number | null;
  confirmed: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  /** This node's chain and the upstream's copy of it differ: nothing more is written or sent. */
  fork: string | null;
  /** The upstream's heads at the last contact, and the sites this node pushes for. */
  upstreamHeads: Heads | null;
  mayPush: string[];
  /** Totals since start: events and bytes on the wire, each way. */
  eventsOut: number;
  eventsIn: number;
  bytesOut: number;
  bytesIn: number;
  /** Person keys sent up with their people's events, and those kept here (the upstream has no master key). */
  personKeysOut: number;
  personKeysHeldBack: number;
  /**
   * Sites first seen below this node whose events the upstream refuses from it (they replicate through
   * another node there): they stay here until that site reaches the upstream itself.
   */
  sitesHeldHere: string[];
  /** The roles whose records the upstream takes from this node, as last said (null: every role). */
  grants: GrantedRole[] | null;
}

/**
 * This node's link to its upstream: each round says hello (the upstream's heads and clock, and which
 * sites this node may push), confirms this node's own sequence (a node restored from a backup takes
 * back its own events first; a fork stops it), pushes what the upstream lacks of the sites this node
 * speaks for, and pulls everything of the operation beyond its own heads. Failed rounds back off.
 */
export class UpstreamLink {
  readonly state: UpstreamState;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;
  private cursor = 0;
  private wake: (() => void) | undefined;
  /** Aborts the request in flight when the link stops. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly ctx: AppContext,
    private readonly options: UpstreamOptions,
  ) {
    this.state = {
      url: options.url.replace(/\/+$/, ''),
      operationId: null,
      upstreamSite: null,
      lastContactAt: null,
      clockOffsetMs: null,
      confirmed: options.resumeOffline === true,
      lastError: null,
      lastErrorAt: null,
      fork: null,
      upstreamHeads: null,
      mayPush: [],
      eventsOut: 0,
      eventsIn: 0,
      bytesOut: 0,
      bytesIn: 0,
      personKeysOut: 0,
      personKeysHeldBack: 0,
      sitesHeldHere: [],
      grants: null,
    };
  }

  /** The site token this link replicates with. */
  get token(): string {
    return this.options.token;
  }

  /** Why a local change must wait, or undefined when it may be written now. */
  writeRefusal(): string | undefined {
    const refusal = this.holdsBack();
    return refusal && english(refusal);
  }

  /** Why a local change must wait, as said (for the refusal), or undefined when it may be written now. */
  holdsBack(): Said | undefined {
    const { fork, url, lastError } = this.state;
    if (fork) return said("this node's chain forked from its upstream's: {fork}", { fork });
    if (this.state.confirmed) return undefined;
    return said(
      'this node has not yet confirmed its own sequence with its upstream {url}{error}; changes are kept by the sender and accepted once it has',
      { url, error: lastError ? ` (${lastError})` : '' },
    );
  }

  /** Whether the upstream has told this node its grants (state.grants) since it started. */
  grantsTold = false;

  /** This node has had no contact with its upstream for `ms` (or never since it started). */
  alone(ms: number): boolean {
    const last = this.state.lastContactAt;
    return last === null || this.ctx.now().getTime() - Date.parse(last) > ms;
  }

  /** One full exchange with the upstream. Throws a LinkError when the link fails. */
  async round(): Promise<{ pushed: number; pulled: number }> {
    try {
      const { refused, ...result } = await this.exchange();
      // The link works; what the upstream refused of a site below is said, without backing off.
      this.state.lastError = refused;
      this.state.lastErrorAt = refused && this.ctx.now().toISOString();
      return result;
    } catch (error) {
      this.state.lastError = error instanceof Error ? error.message : String(error);
      this.state.lastErrorAt = this.ctx.now().toISOString();
      throw error instanceof LinkError ? error : new LinkError(this.state.lastError, { cause: error });
    }
  }

  private async exchange(): Promise<{ pushed: number; pulled: number; refused: string | null }> {
    const sentAt = this.ctx.now().getTime();
    const hi = await this.call<SyncHello>('GET', '/api/v1/sync/hello');
    const receivedAt = this.ctx.now().getTime();
    // The upstream's clock, against ours half way through the request.
    this.state.clockOffsetMs = Date.parse(hi.now) - (sentAt + receivedAt) / 2;
    this.state.lastContactAt = this.ctx.now().toISOString();
    const site = this.ctx.store.siteId;
    if (hi.yourSite !== site)
      throw new LinkError(`the upstream token is for site ${hi.yourSite}, and this node is ${site}`);
    if (this.state.operationId !== null && this.state.operationId !== hi.operationId)
      throw new LinkError(
        `the upstream token is now for operation ${hi.operationId}, not ${this.state.operationId}`,
      );
    if (this.options.otherOperations?.().includes(hi.operationId))
      throw new LinkError(
        `another upstream token of this node is for operation ${hi.operationId} already: give one token per operation`,
      );
    this.state.operationId = hi.operationId;
    this.state.upstreamSite = hi.site;
    const op = hi.operationId;
    this.state.grants = hi.grants ?? null;
    await keepGrants(this.ctx.store.db, op, this.state.grants);
    this.grantsTold = true;
    await this.checkOwnChain(op, hi.heads);

    let upHeads = hi.heads;
    let pushed = 0;
    // The sites the upstream knows below this node, then those first seen here (a forward checkpoint
    // relaying through this post), which the upstream takes unless they replicate through another node.
    const below = (await sitesBelow(this.ctx)).filter((s) => !hi.mayPush.includes(s));
    const heldHere: string[] = [];
    const refused: string[] = [];
    for (const s of [...hi.mayPush, ...below]) {
      try {
        upHeads = await this.pushSite(hi, s, upHeads, (n) => (pushed += n));
      } catch (error) {
        // A site below that the upstream takes through another node is kept here. Another refusal of
        // a site below (what it sent is not granted) is said, and this node's own work goes on.
        if (!(error instanceof LinkError) || !error.status || error.status >= 500 || s === site) throw error;
        if (error.status === 403 && error.message.includes(THROUGH_ANOTHER_NODE) && below.includes(s))
          heldHere.push(s);
        else refused.push(`site ${s}: ${error.message}`);
      }
    }
    this.state.sitesHeldHere = heldHere;

    let pulled = 0;
    let restarted = false;
    for (;;) {
      const heads = await headsOf(this.ctx, op);
      const page = await this.call<PullAnswer>('POST', `/api/v1/operations/${op}/sync/pull`, {
        now: this.ctx.now().toISOString(),
        heads,
        after: this.cursor,
        limit: this.pageSize,
      });
      upHeads = page.heads;
      if (page.events.length > 0) {
        const outcome = await this.appendPulled(op, page.events as StoredEvent[]);
        pulled += outcome;
        this.state.eventsIn += page.events.length;
      }
      this.cursor = page.cursor;
      if (page.more) continue;
      // The cursor is a shortcut only: if the upstream holds more than came, read again from the start.
      const behind = eventsBeyond(upHeads, await headsOf(this.ctx, op));
      if (behind === 0 || restarted) break;
      restarted = true;
      this.cursor = 0;
    }
    this.state.upstreamHeads = upHeads;
    this.state.mayPush = hi.mayPush;
    this.state.confirmed = true;
    return { pushed, pulled, refused: refused.length > 0 ? `refused: ${refused.join('; ')}` : null };
  }

  /**
   * This node's own chain against the upstream's copy of it. Where the upstream holds more of it, this
   * node was restored from an older backup: those events come back with the pull before anything new
   * is numbered. Where the two differ at the same number, the chains forked: stop.
   */
  private async checkOwnChain(op: string, upstream: Heads): Promise<void> {
    // Every site's chain, this node's own first: where both hold the upstream's head, it must be the
    // same event (an upstream restored from an older backup that recorded anew has forked too).
    const site = this.ctx.store.siteId;
    const sites = [site, ...Object.keys(upstream).filter((s) => s !== site)];
    for (const s of sites) {
      const theirs = upstream[s];
      if (!theirs) continue;
      const [ours] = await siteEvents(this.ctx.store.db, op, s, theirs.seq - 1, 1);
      if (ours && ours.origin_seq === theirs.seq && ours.hash !== theirs.hash) {
        this.state.fork = `event ${theirs.seq} of site ${s} is ${ours.hash.slice(0, 12)}… here and ${theirs.hash.slice(0, 12)}… at the upstream`;
        this.state.confirmed = false;
        throw new LinkError(this.state.fork);
      }
    }
  }

  /** Pushes the events of site `s` the upstream lacks, page by page: the upstream's heads after. */
  private async pushSite(
    hi: SyncHello,
    s: string,
    heads: Heads,
    counted: (n: number) => void,
  ): Promise<Heads> {
    const op = hi.operationId;
    let upHeads = heads;
    for (;;) {
      const from = upHeads[s]?.seq ?? 0;
      const rows = await siteEventsPage(this.ctx.store.db, op, s, from, this.pageSize, SYNC_PAGE_BYTES);
      if (rows.length === 0) return upHeads;
      const events = rows.map((r) => toStoredEvent(r));
      const { personKeys, heldBack } = await this.personKeysFor(hi, events);
      const answer = await this.call<PushAnswer>('POST', `/api/v1/operations/${op}/sync/push`, {
        now: this.ctx.now().toISOString(),
        events,
        ...(personKeys ? { personKeys } : {}),
      });
      // Counted once the page is taken: a page sent again after a failure is not counted twice.
      this.state.personKeysOut += personKeys?.keys.length ?? 0;
      this.state.personKeysHeldBack += heldBack;
      counted(answer.appended);
      this.state.eventsOut += rows.length;
      upHeads = answer.heads;
      if ((upHeads[s]?.seq ?? 0) <= from)
        throw new LinkError(`the upstream took events of ${s} but its head did not move past ${from}`);
    }
  }

  /**
   * The keys of the people a page introduces, sealed for the upstream; none to an upstream without a
   * master key (it could not keep them): counted, so the status says its personal data stays here.
   */
  private async personKeysFor(
    hi: SyncHello,
    events: StoredEvent[],
  ): Promise<{ personKeys: SealedPersonKeys | null; heldBack: number }> {
    const { db } = this.ctx.store;
    if (hi.keyExchange)
      return {
        personKeys: await keysForUpstream(db, this.ctx.masterKey, hi.keyExchange, events),
        heldBack: 0,
      };
    const ids = subjectsIntroduced(events);
    return { personKeys: null, heldBack: ids.length > 0 ? (await findPersonKeys(db, ids)).size : 0 };
  }

  private async appendPulled(op: string, events: StoredEvent[]): Promise<number> {
    try {
      const actor = `site:${this.state.upstreamSite ?? 'upstream'}`;
      const caller = { actor, role: 'system', organisationId: null, operationId: op } as const;
      const options = { label: 'pulled events', replicated: true };
      return (await appendStored(this.ctx, op, caller, events, options)).appended;
    } catch (error) {
      if (error instanceof DomainError && /forked chain/.test(error.message)) {
        this.state.fork = error.message;
        this.state.confirmed = false;
      }
      throw new LinkError(
        `events from the upstream were refused here: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  private get pageSize(): number {
    return this.options.pageSize ?? 1000;
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return callUpstream<T>(
      {
        url: this.state.url,
        token: this.options.token,
        timeoutMs: this.options.timeoutMs ?? 30_000,
        signal: this.stopping.signal,
        counted: (out, inward) => {
          this.state.bytesOut += out;
          this.state.bytesIn += inward;
        },
      },
      method,
      path,
      body,
    );
  }

  /** Rounds until stopped: every `intervalMs`, sooner after a local change, backing off while failing. */
  start(): void {
    if (!this.stopped || this.stopping.signal.aborted) return;
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.round();
        this.failures = 0;
      } catch {
        this.failures++;
      }
      if (this.stopped) return;
      const base = this.options.intervalMs ?? 5000;
      const wait =
        this.failures === 0
          ? base
          : Math.min(this.options.retryMaxMs ?? 60_000, 1000 * 2 ** Math.min(this.failures - 1, 6)) *
            (0.8 + Math.random() * 0.4);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, wait);
        // A change made here goes up soon after, while the link is up.
        if (this.failures === 0 && this.state.operationId)
          void this.ctx.live.wait(this.state.operationId, wait).then(() => setTimeout(resolve, 200));
      });
    }
  }
}
