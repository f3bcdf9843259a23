import type { Migration } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-accountability.js';
import * as m0003 from './0003-planning.js';
import * as m0004 from './0004-hazards.js';
import * as m0005 from './0005-safe-passage.js';
import * as m0006 from './0006-recovery.js';
import * as m0007 from './0007-protection.js';
import * as m0008 from './0008-accounts.js';
import * as m0009 from './0009-tally-history.js';
import * as m0010 from './0010-owners.js';
import * as m0011 from './0011-account-log.js';
import * as m0012 from './0012-site-chains.js';
import * as m0013 from './0013-acknowledgements-apart.js';
import * as m0014 from './0014-events-by-time.js';
import * as m0015 from './0015-organisation-contacts.js';
import * as m0016 from './0016-sheets.js';
import * as m0017 from './0017-passages-on-paper.js';
import * as m0018 from './0018-carried-items.js';
import * as m0019 from './0019-reception-room.js';
import * as m0020 from './0020-change-versions.js';
import * as m0021 from './0021-corridor-closes.js';
import * as m0022 from './0022-site-grants.js';
import * as m0023 from './0023-place-names-ar.js';
import * as m0024 from './0024-clock-offsets.js';

/** The one migration set, for both dialects; each migration is told which one it runs on. */
export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001-foundation': { up: (db) => m0001.up(db, dialect) },
    '0002-accountability': { up: (db) => m0002.up(db, dialect) },
    '0003-planning': { up: (db) => m0003.up(db, dialect) },
    '0004-hazards': { up: (db) => m0004.up(db, dialect) },
    '0005-safe-passage': { up: (db) => m0005.up(db, dialect) },
    '0006-recovery': { up: (db) => m0006.up(db, dialect) },
    '0007-protection': { up: (db) => m0007.up(db, dialect) },
    '0008-accounts': { up: (db) => m0008.up(db, dialect) },
    '0009-tally-history': { up: (db) => m0009.up(db, dialect) },
    '0010-owners': { up: (db) => m0010.up(db, dialect) },
    '0011-account-log': { up: (db) => m0011.up(db, dialect) },
    '0012-site-chains': { up: (db) => m0012.up(db, dialect) },
    '0013-acknowledgements-apart': { up: (db) => m0013.up(db, dialect) },
    '0014-events-by-time': { up: (db) => m0014.up(db, dialect) },
    '0015-organisation-contacts': { up: (db) => m0015.up(db, dialect) },
    '0016-sheets': { up: (db) => m0016.up(db, dialect) },
    '0017-passages-on-paper': { up: (db) => m0017.up(db, dialect) },
    '0018-carried-items': { up: (db) => m0018.up(db, dialect) },
    '0019-reception-room': { up: (db) => m0019.up(db, dialect) },
    '0020-change-versions': { up: (db) => m0020.up(db, dialect) },
    '0021-corridor-closes': { up: (db) => m0021.up(db, dialect) },
    '0022-site-grants': { up: (db) => m0022.up(db, dialect) },
    '0023-place-names-ar': { up: (db) => m0023.up(db, dialect) },
    '0024-clock-offsets': { up: (db) => m0024.up(db, dialect) },
  };
}
