/** Runs the shared storage conformance suites (contract + ask basis) against MemoryStorage (the reference semantics). */
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { runAskBasisConformance } from './ask-basis-conformance.js';
import { runStorageConformance } from './storage-conformance.js';
import { runCurveConformance } from './curve-conformance.js';

runStorageConformance('memory', async () => new MemoryStorage());
runAskBasisConformance('memory', async () => new MemoryStorage());
runCurveConformance('memory', async () => new MemoryStorage());
