/** Runs the shared storage conformance suites against the default SQLite storage (SqliteStorage on the server's thread), one fresh temp file per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStorage } from '../../server/storage/open-storage.js';
import { runAskBasisConformance } from './ask-basis-conformance.js';
import { runStorageConformance } from './storage-conformance.js';
import { runCurveConformance } from './curve-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-storage-conf-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

// A file (not ':memory:') so WAL, fsync and migrations are the ones production runs.
runStorageConformance('sqlite', async () => openStorage(`sqlite:${join(dir, `t${n++}`, 'bo.sqlite')}`));
runAskBasisConformance('sqlite', async () => openStorage(`sqlite:${join(dir, `b${n++}`, 'bo.sqlite')}`));
runCurveConformance('sqlite', async () => openStorage(`sqlite:${join(dir, `c${n++}`, 'bo.sqlite')}`));
