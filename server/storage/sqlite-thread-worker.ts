/**
 * The thread that owns the SQLite connection of a SqliteThreadStorage (node:worker_threads entry,
 * started through server/compute/worker-boot.mjs, which registers tsx for .ts entries). It runs
 * SqliteStorage unchanged: each call is one synchronous transaction here, answered in arrival
 * order. A call's answer is posted only after its transaction committed, so an answered write has
 * reached the OS exactly as SqliteStorage's resolved promise had.
 *
 * Group commit without a flush call: after each write call the thread makes sure an fsync
 * (SqliteStorage.flush) runs that covers it: one starts as soon as the one in flight finishes,
 * taking every commit made meanwhile, and each finished fsync is announced once (ThreadDurable)
 * for all the write calls it covers. The server's flush() waits for that announcement instead of
 * a round trip of its own, so a pair of ask+tell costs two messages fewer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStorage } from './sqlite-storage.js';
import { errorToThread, OPEN_REPLY_ID, WRITE_METHODS, type ThreadCall, type ThreadDurable, type ThreadReply, type ThreadStart } from './sqlite-thread-wire.js';

const port = parentPort!;
const start = workerData as ThreadStart;

/** Answers not yet posted: the answers to one batch of calls leave as one message. */
let outbox: ThreadReply[] = [];

function reply(r: ThreadReply): void {
  // The calls of a batch settle in the same microtask run (they are synchronous transactions): post after the last of them.
  if (outbox.length === 0) queueMicrotask(post);
  outbox.push(r);
}

function post(): void {
  const batch = outbox;
  outbox = [];
  try {
    port.postMessage(batch);
  } catch {
    // A value structured clone refuses must still answer its call, or the caller would wait forever: one by one, the culprit as an error.
    for (const r of batch) {
      try {
        port.postMessage([r]);
      } catch (e) {
        port.postMessage([{ id: r.id, ok: false, error: errorToThread(e) } satisfies ThreadReply]);
      }
    }
  }
}

let storage: SqliteStorage | undefined;
try {
  storage = new SqliteStorage(start.options);
  reply({ id: OPEN_REPLY_ID, ok: true, value: storage.description });
} catch (e) {
  reply({ id: OPEN_REPLY_ID, ok: false, error: errorToThread(e) });
}

port.on('message', (calls: readonly ThreadCall[]) => {
  for (const call of calls) serve(call);
});

function serve(call: ThreadCall): void {
  // Every method returns a promise; all but flush and close settle within this call (one synchronous transaction).
  const target = storage as unknown as Record<string, (...args: readonly unknown[]) => Promise<unknown>>;
  let pending: Promise<unknown>;
  try {
    pending = target[call.method]!(...call.args);
  } catch (e) {
    pending = Promise.reject(e);
  }
  pending.then(
    (value) => reply({ id: call.id, ok: true, value }),
    (e: unknown) => reply({ id: call.id, ok: false, error: errorToThread(e) }),
  );
  // A failed write rolled back and needs no fsync, but its caller's flush still waits for an announcement.
  if (WRITE_METHODS.has(call.method)) syncUpTo(call.id);
}

/** The highest write call id an fsync must cover, and the highest one announced durable. */
let wanted = -1;
let announced = -1;
let syncing = false;

/** Makes sure an fsync that started after write call `id` committed runs, then announces it. */
function syncUpTo(id: number): void {
  wanted = Math.max(wanted, id);
  if (syncing) return;
  syncing = true;
  // Deferred one turn: calls already queued behind this one commit first and share its fsync.
  setImmediate(syncLoop);
}

async function syncLoop(): Promise<void> {
  while (announced < wanted) {
    const upTo = wanted;
    let durable: ThreadDurable;
    try {
      // A flush with nothing committed since the last one returns at once (SqliteStorage counts changing commits).
      await storage!.flush();
      durable = { durable: true, upTo };
    } catch (e) {
      durable = { durable: true, upTo, error: errorToThread(e) };
    }
    announced = upTo;
    port.postMessage(durable);
  }
  syncing = false;
}
