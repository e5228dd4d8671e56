/**
 * The shared storage conformance suites against SqliteStorage on the server's own thread
 * (`connection=inline`); storage-sqlite.test.ts runs them on the default, the connection on its
 * own thread (SqliteThreadStorage). One fresh temp file per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStorage } from '../../server/storage/open-storage.js';
import { runAskBasisConformance } from './ask-basis-conformance.js';
import { runStorageConformance } from './storage-conformance.js';
import { runCurveConformance } from './curve-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'bo-storage-inline-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

const open = (prefix: string) => async () => openStorage(`sqlite:${join(dir, `${prefix}${n++}`, 'bo.sqlite')}?connection=inline`);
runStorageConformance('sqlite inline', open('t'));
runAskBasisConformance('sqlite inline', open('b'));
runCurveConformance('sqlite inline', open('c'));
