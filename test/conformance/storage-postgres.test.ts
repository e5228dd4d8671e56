/**
 * Runs the shared storage conformance suite against PostgresStorage on a throw-away server
 * (test/support/pg-harness.ts), one fresh schema per test. Skips, saying why, where no
 * PostgreSQL binaries are installed (apt-get install postgresql; .ci/run installs them).
 */
import { after, it } from 'node:test';
import { openStorage } from '../../server/storage/open-storage.js';
import { findPgBin, startPostgres } from '../support/pg-harness.js';
import { runAskBasisConformance } from './ask-basis-conformance.js';
import { runStorageConformance } from './storage-conformance.js';
import { runCurveConformance } from './curve-conformance.js';

const bin = findPgBin();
if (bin === null) {
  it('Storage conformance: postgres', { skip: 'no PostgreSQL binaries (initdb, pg_ctl, postgres) found: apt-get install postgresql, or set PG_BINDIR' }, () => {});
} else {
  const server = await startPostgres({ bin });
  after(() => server.stop());
  let n = 0;
  // A schema per test: as isolated as a fresh database, without CREATE DATABASE's cost.
  runStorageConformance('postgres', async () => openStorage(`${server.url}?max=4&schema=conf_${n++}`));
  runAskBasisConformance('postgres', async () => openStorage(`${server.url}?max=4&schema=conf_${n++}`));
  runCurveConformance('postgres', async () => openStorage(`${server.url}?max=4&schema=conf_${n++}`));
}
