/** Runs the shared storage conformance suite against MemoryStorage (the reference semantics). */
import { MemoryStorage } from '../../server/storage/memory-storage.js';
import { runStorageConformance } from './storage-conformance.js';

runStorageConformance('memory', async () => new MemoryStorage());
