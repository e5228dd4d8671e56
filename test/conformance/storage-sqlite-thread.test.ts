/**
 * The shared storage conformance suites against SQLite with its connection on its own thread
 * (`connection=thread`, SqliteThreadStorage); storage-sqlite.test.ts runs them on the default,
 * SqliteStorage on the server's thread. One fresh temp file per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStorage } from '../../server/storage/open-storage.js';
import { runAskBasisConformance } from './ask-basis-conformance.js';
import { runStorageConformance } from './storage-conformance.js';
import { runCurveConformance } from './curve-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-storage-thread-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

const open = (prefix: string) => async () => openStorage(`sqlite:${join(dir, `${prefix}${n++}`, 'bo.sqlite')}?connection=thread`);
runStorageConformance('sqlite thread', open('t'));
runAskBasisConformance('sqlite thread', open('b'));
runCurveConformance('sqlite thread', open('c'));
