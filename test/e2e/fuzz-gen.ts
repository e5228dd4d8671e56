/**
 * Seeded generator of hostile messages for fuzz.test.ts. Every message is built to be wrong in at
 * least one way (so none may succeed and none may change stored data), and says what answer it
 * expects: a code, and for field-level defects the first segment(s) of an issue path.
 */
import type { Rng } from '../../core/rng.js';
import { Routes, type EventName } from '../../protocol/messages.js';
import type { ErrorCode } from '../../protocol/errors.js';

/** What a message should get back. `codes` lists acceptable codes; `path` the prefix one issue path must have. */
export interface Expect {
  codes: ErrorCode[];
  path?: (string | number)[];
  kind: string;
  /** REST status when it is not the code's own (413 oversized, 415 not JSON; protocol/errors.ts REST_BODY_STATUS). */
  status?: number;
}

/** A socket.io message: `payload` undefined with `noPayload` means the ack is the only argument. */
export interface SocketMsg {
  transport: 'socket';
  event: string;
  payload?: unknown;
  noPayload?: boolean;
  expect: Expect;
}

/** A REST request with its raw body text. */
export interface RestMsg {
  transport: 'rest';
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  expect: Expect;
}

export type Msg = SocketMsg | RestMsg;

/** The seeded study the fuzz must not change. */
export interface Target {
  studyId: string;
  completedTrialId: string;
  failedTrialId: string;
}

const REQUIRED: Partial<Record<EventName, string[]>> = {
  'study:create': ['name', 'space', 'objectives'],
  'study:get': ['studyId'],
  'study:delete': ['studyId'],
  'study:export': ['studyId'],
  'study:subscribe': ['studyId'],
  'trial:ask': ['studyId'],
  'trial:tell': ['studyId', 'trialId', 'values'],
  'trial:fail': ['studyId', 'trialId'],
  'trial:heartbeat': ['studyId', 'trialId'],
  'trial:report': ['studyId', 'trialId', 'step', 'value'],
  'trial:prune': ['studyId', 'trialId'],
  'trial:list': ['studyId'],
  'trial:best': ['studyId'],
  'study:recommend': ['studyId'],
  'study:slices': ['studyId'],
  'study:pareto': ['studyId'],
  'trial:enqueue': ['studyId', 'params'],
  'trial:add': ['studyId', 'trials'],
};
const STRING_MAX: Record<string, number> = { studyId: 128, trialId: 128, requestId: 128, clientId: 128, name: 256, reason: 4096 };

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;
const own = (key: string, value: unknown): Record<string, unknown> => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`);
/** Sets an own enumerable property even for '__proto__' (plain assignment would change the prototype). */
const setOwn = (obj: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });

/** Nested arrays `depth` deep, built without recursion. */
export function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function validParams(rng: Rng): Record<string, unknown> {
  const p = rng.uniform();
  return { x: rng.uniform(), n: rng.int(6), c: pick(rng, ['a', 'b']), m: { p, q: 1 - p } };
}

/** A well-formed request of each operation on the target (several would succeed as they are). */
function base(event: EventName, t: Target, rng: Rng): Record<string, unknown> {
  const rid = `fz-${rng.int(1e9)}`;
  switch (event) {
    case 'study:create':
      return { name: 'fz', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' }, algorithm: { surrogate: 'none' } };
    case 'study:list':
      return { limit: 10 };
    case 'study:export':
      return { studyId: t.studyId, format: 'json' };
    case 'trial:ask':
      return { studyId: t.studyId, count: 1, clientId: 'fz', requestId: rid };
    case 'trial:tell':
      return { studyId: t.studyId, trialId: t.completedTrialId, values: { y: 1 }, requestId: rid };
    case 'trial:fail':
      return { studyId: t.studyId, trialId: t.failedTrialId, reason: 'x', requestId: rid };
    case 'trial:heartbeat':
      return { studyId: t.studyId, trialId: t.completedTrialId };
    case 'trial:report':
      // A completed trial takes no new point (FAILED_PRECONDITION): a well-formed report changes nothing.
      return { studyId: t.studyId, trialId: t.completedTrialId, step: rng.int(5), value: rng.uniform(), requestId: rid };
    case 'trial:prune':
      // A failed trial cannot be pruned (CONFLICT): nothing changes.
      return { studyId: t.studyId, trialId: t.failedTrialId, requestId: rid };
    case 'trial:list':
      return { studyId: t.studyId, states: ['completed'] };
    case 'trial:enqueue':
      return { studyId: t.studyId, params: validParams(rng), requestId: rid };
    case 'trial:add':
      return { studyId: t.studyId, trials: [{ params: validParams(rng), values: { y: 1 } }], requestId: rid };
    case 'pool:append':
      // The target study has no pool: a well-formed append is FAILED_PRECONDITION and writes nothing.
      return { studyId: t.studyId, offset: 0, rows: [[0.5]] };
    case 'health':
      return {};
    default:
      return { studyId: t.studyId };
  }
}

/** A value of the wrong type (or out of the field's range) for a field whose good value is `good`. */
function wrongValue(rng: Rng, field: string, good: unknown): unknown {
  if (typeof good === 'string') return pick(rng, [123, true, null, [], {}, { a: 1 }, field === 'reason' ? 5 : '', -0]);
  // '1' is a fine limit once a GET query string is converted, so it is not offered.
  // A reported `value` takes any finite number, a `step` any integer >= 0: only what they refuse is offered.
  if (typeof good === 'number') {
    const wrong = field === 'value' ? [] : field === 'step' ? [1.5, -5] : [1.5, -5, 1e9];
    return pick(rng, ['one', null, true, [], {}, 'NaN', ...wrong]);
  }
  // An empty states list is valid; an empty trials list is not.
  if (Array.isArray(good)) return pick(rng, ['str', 5, {}, null, field === 'states' ? ['bogus'] : [], field === 'states' ? [1] : [5]]);
  return pick(rng, ['str', 5, null, true, [1, 2]]);
}

type Defect = (b: Record<string, unknown>, event: EventName) => Expect | null;

/** Defects that apply to any operation's payload object; each returns null when it does not apply. */
function defects(rng: Rng, t: Target, rest: boolean): Defect[] {
  const pathParams = (event: EventName) => (rest ? (Routes[event as keyof typeof Routes]?.path.match(/:(\w+)/g) ?? []).map((s) => s.slice(1)) : []);
  const inv = (kind: string, path?: (string | number)[]): Expect => ({ codes: ['INVALID_ARGUMENT'], path, kind });
  return [
    (b, e) => {
      const fields = Object.keys(b).filter((f) => !pathParams(e).includes(f));
      if (fields.length === 0) return null;
      const f = pick(rng, fields);
      b[f] = wrongValue(rng, f, b[f]);
      return inv('wrong-type', [f]);
    },
    (b, e) => {
      const fields = (REQUIRED[e] ?? []).filter((f) => !pathParams(e).includes(f));
      if (fields.length === 0) return null;
      const f = pick(rng, fields);
      delete b[f];
      return inv('missing', [f]);
    },
    (b, e) => {
      if (rest && Routes[e as keyof typeof Routes]?.method !== 'POST') return null;
      const key = pick(rng, ['extra', '__proto__', 'constructor', 'prototype', 'toString', '$where', 'hasOwnProperty']);
      setOwn(b, key, pick(rng, [{ polluted: true }, 1, 'x', null]));
      return inv('unknown-key');
    },
    (b, e) => {
      const fields = Object.keys(b).filter((f) => f in STRING_MAX);
      if (fields.length === 0) return null;
      const f = pick(rng, fields);
      // Node refuses request lines over 16 KB before any handler runs, so URL parts stay short.
      const extra = pathParams(e).includes(f) ? rng.int(1000) : rng.int(pick(rng, [10, 1000, 300_000]));
      b[f] = 'x'.repeat(STRING_MAX[f]! + 1 + extra);
      return inv('too-long', [f]);
    },
    (b, e) => {
      // Unsubscribing from a room that does not exist is a harmless no-op, not an error.
      if (!('studyId' in b) || e === 'study:create' || e === 'study:unsubscribe') return null;
      b.studyId = `no-such-study-${rng.int(1e9)}`;
      return { codes: ['NOT_FOUND'], kind: 'unknown-study' };
    },
    (b) => {
      if (!('trialId' in b)) return null;
      b.trialId = `no-such-trial-${rng.int(1e9)}`;
      return { codes: ['NOT_FOUND'], kind: 'unknown-trial' };
    },
    (b, e) => {
      if (e !== 'trial:enqueue' && e !== 'trial:add') return null;
      const params = validParams(rng);
      const [key, value] = pick(rng, [
        ['x', 2], ['x', -0.1], ['x', 'a'], ['x', null], ['x', deep(500)], ['n', 2.5], ['n', 6], ['n', -1],
        ['c', 'z'], ['c', 1], ['c', true], ['m', { p: 0.7, q: 0.7 }], ['m', { p: 1 }], ['m', { p: 1, q: 0, r: 0 }], ['m', { p: -0.5, q: 1.5 }],
        ['m', 'ab'], ['constructor', 1], ['__proto__', { x: 1 }], ['toString', 'x'], ['valueOf', 1], ['hasOwnProperty', 0], ['y', 1], ['x', undefined],
      ] as [string, unknown][]);
      if (value === undefined) delete params[key];
      else setOwn(params, key, value);
      if (e === 'trial:enqueue') b.params = params;
      else (b.trials as { params: unknown }[])[0]!.params = params;
      return inv('out-of-space', e === 'trial:enqueue' ? ['params'] : ['trials', 0]);
    },
    (b, e) => {
      if (e !== 'trial:tell' && e !== 'trial:add') return null;
      const values = pick(rng, [{ y: NaN }, { y: Infinity }, { y: -Infinity }, { y: '1' }, {}, { z: 1 }, { y: 1, z: 2 }, { y: [1] }, { y: null }, own('__proto__', { y: 1 })]);
      if (e === 'trial:tell') b.values = values;
      else (b.trials as { values: unknown }[])[0]!.values = values;
      return inv('bad-values', e === 'trial:tell' ? ['values'] : ['trials', 0]);
    },
    (b, e) => {
      const get = rest && Routes[e as keyof typeof Routes]?.method !== 'POST';
      b[pick(rng, ['deep', 'x'])] = deep(get ? 300 : pick(rng, [100, 500, 2000]));
      return inv('deep');
    },
  ];
}

const SOCKET_EVENTS = Object.keys(REQUIRED).concat(['study:list', 'study:unsubscribe', 'health']) as EventName[];
const REST_EVENTS = Object.keys(Routes) as (keyof typeof Routes)[];

/** Applies one random applicable defect to a base payload of `event`. */
function corrupt(rng: Rng, t: Target, event: EventName, rest: boolean): { payload: Record<string, unknown>; expect: Expect } {
  const ds = defects(rng, t, rest);
  for (;;) {
    const payload = base(event, t, rng);
    const expect = pick(rng, ds)(payload, event);
    if (expect) return { payload, expect };
  }
}

/** JSON-able value nested `depth` deep as objects ({a: {a: ... 1}}), built without recursion. */
export function deepObject(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}

/**
 * Issue 14's cases, shared by both transports: a request id reused on a finished trial with a
 * different payload, free-form fields nested deep (the socket-poisoning surrogateOptions) or too
 * large, and non-finite numbers (NaN/Infinity reach a socket as null, REST as 1e400).
 */
function issue14(rng: Rng, t: Target): { event: EventName; payload: Record<string, unknown>; expect: Expect } {
  const reused = `fz-reused-${rng.int(4)}`;
  const create = { name: 'fz', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { y: 'minimize' } };
  const inv = (kind: string, path: (string | number)[]): Expect => ({ codes: ['INVALID_ARGUMENT'], path, kind });
  switch (rng.int(8)) {
    case 0:
      return { event: 'trial:tell', payload: { studyId: t.studyId, trialId: pick(rng, [t.completedTrialId, t.failedTrialId]), values: { y: rng.uniform() + 5 }, requestId: reused }, expect: { codes: ['CONFLICT', 'FAILED_PRECONDITION'], kind: 'request-id-reuse' } };
    case 1:
      return { event: 'trial:fail', payload: { studyId: t.studyId, trialId: t.completedTrialId, reason: `r${rng.int(100)}`, requestId: reused }, expect: { codes: ['CONFLICT', 'FAILED_PRECONDITION'], kind: 'request-id-reuse' } };
    case 2:
      return { event: 'study:create', payload: { ...create, algorithm: { surrogate: 'none', surrogateOptions: deepObject(pick(rng, [9, 100, 3500])) }, requestId: reused }, expect: inv('deep-options', ['algorithm', 'surrogateOptions']) };
    case 3:
      return { event: 'trial:enqueue', payload: { studyId: t.studyId, params: { x: deepObject(pick(rng, [9, 1000, 3500])), n: 1, c: 'a', m: { p: 0.5, q: 0.5 } } }, expect: inv('deep-params', ['params', 'x']) };
    case 4:
      return { event: 'study:create', payload: { ...create, metadata: Object.fromEntries(Array.from({ length: 257 + rng.int(100) }, (_, i) => [`k${i}`, i])) }, expect: inv('wide-metadata', ['metadata']) };
    case 5:
      return { event: 'study:create', payload: { ...create, algorithm: { surrogate: 'none', surrogateOptions: { blob: Array.from({ length: 20 }, () => 'x'.repeat(4000)) } } }, expect: inv('large-options', ['algorithm', 'surrogateOptions']) };
    case 6:
      return { event: 'trial:tell', payload: { studyId: t.studyId, trialId: t.completedTrialId, values: { y: 1 }, cost: pick(rng, [NaN, Infinity, -Infinity]) }, expect: inv('non-finite', ['cost']) };
    default:
      return { event: 'trial:add', payload: { studyId: t.studyId, trials: [{ params: { x: pick(rng, [NaN, Infinity]), n: 1, c: 'a', m: { p: 0.5, q: 0.5 } }, values: { y: 1 } }] }, expect: inv('non-finite', ['trials', 0, 'params', 'x']) };
  }
}

/** One hostile socket.io message. */
export function socketMessage(rng: Rng, t: Target): SocketMsg {
  const r = rng.uniform();
  if (r < 0.1) {
    const { event, payload, expect } = issue14(rng, t);
    return { transport: 'socket', event, payload, expect };
  }
  if (r < 0.13) {
    const event = pick(rng, ['study:nuke', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'trial', '', 'x'.repeat(1000)]);
    return { transport: 'socket', event, payload: { studyId: t.studyId }, expect: { codes: ['INVALID_ARGUMENT', 'NOT_FOUND'], kind: 'unknown-event' } };
  }
  if (r < 0.18) {
    const event = pick(rng, SOCKET_EVENTS.filter((e) => e !== 'health' && e !== 'study:list'));
    const payload = pick(rng, ['str', 42, null, [1, 2], true, undefined]);
    return { transport: 'socket', event, payload, noPayload: payload === undefined, expect: { codes: ['INVALID_ARGUMENT'], kind: 'not-an-object' } };
  }
  const event = pick(rng, SOCKET_EVENTS);
  const { payload, expect } = corrupt(rng, t, event, false);
  return { transport: 'socket', event, payload, expect };
}

/** Fills a route's path params from the payload (URL-encoded) and moves the rest to body or query. */
function restFrom(event: keyof typeof Routes, payload: Record<string, unknown>, token: string): RestMsg['method'] extends string ? Omit<RestMsg, 'expect'> : never {
  const route = Routes[event];
  const rest: Record<string, unknown> = { ...payload };
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const v = rest[name];
    delete rest[name];
    return encodeURIComponent(String(v));
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (route.method === 'GET') {
    const q = Object.entries(rest).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v))}`);
    return { transport: 'rest', method: 'GET', path: q.length ? `${path}?${q.join('&')}` : path, headers };
  }
  return { transport: 'rest', method: route.method, path, body: JSON.stringify(rest), headers };
}

/** One hostile REST request. */
export function restMessage(rng: Rng, t: Target, token: string): RestMsg {
  const r = rng.uniform();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const S = encodeURIComponent(t.studyId);
  if (r < 0.04) {
    // Otherwise valid requests from a foreign page, a DNS-rebinding name or a non-JSON body.
    const event = pick(rng, REST_EVENTS);
    const m = restFrom(event, base(event, t, rng), token);
    const how = rng.int(3);
    if (how === 0) return { ...m, headers: { ...m.headers, origin: pick(rng, ['http://evil.example', 'null', 'https://localhost.evil.example']) }, expect: { codes: ['PERMISSION_DENIED'], kind: 'cross-origin' } };
    if (how === 1) return { ...m, headers: { ...m.headers, host: pick(rng, ['evil.example', 'evil.example:7700', '127.0.0.1.nip.io']) }, expect: { codes: ['PERMISSION_DENIED'], kind: 'rebinding-host' } };
    const path = pick(rng, ['/v1/studies', `/v1/studies/${S}/ask`, `/v1/studies/${S}/trials/${t.completedTrialId}/tell`, `/v1/studies/${S}/trials`]);
    const type = pick(rng, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']);
    const headers: Record<string, string> = type === '' ? { authorization: auth.authorization } : { ...auth, 'content-type': type };
    return { transport: 'rest', method: 'POST', path, body: '{"values":{"y":1},"count":1}', headers, expect: { codes: ['INVALID_ARGUMENT'], kind: 'not-json', status: 415 } };
  }
  if (r < 0.09) {
    const { event, payload, expect } = issue14(rng, t);
    return { ...restFrom(event as keyof typeof Routes, payload, token), expect };
  }
  if (r < 0.15) {
    const body = pick(rng, ['{', '{"name":', 'nul', '[1,2', '{"values":{"y":NaN}}', "{'a':1}", '\u0000', '{"a":1}}', '{"count":1,}', '"\\ud800"x']);
    const path = pick(rng, ['/v1/studies', `/v1/studies/${S}/ask`, `/v1/studies/${S}/trials/${t.completedTrialId}/tell`, `/v1/studies/${S}/trials`]);
    return { transport: 'rest', method: 'POST', path, body, headers: auth, expect: { codes: ['INVALID_ARGUMENT'], kind: 'bad-json' } };
  }
  if (r < 0.18) {
    const big = pick(rng, ['1e400', '-1e400', '1e309']);
    return { transport: 'rest', method: 'POST', path: `/v1/studies/${S}/trials/${t.completedTrialId}/tell`, body: `{"values":{"y":${big}}}`, headers: auth, expect: { codes: ['INVALID_ARGUMENT'], path: ['values'], kind: 'infinite-json-number' } };
  }
  if (r < 0.23) {
    const headers: Record<string, string> = pick<Record<string, string>>(rng, [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${token}` }, { authorization: `Bearer ${token}x` }, { authorization: 'Bearer' }]);
    const event = pick(rng, REST_EVENTS);
    const m = restFrom(event, base(event, t, rng), token);
    return { ...m, headers: { ...headers, 'content-type': 'application/json' }, expect: { codes: ['UNAUTHENTICATED'], kind: 'no-auth' } };
  }
  // '/' itself is the dashboard (server/dashboard.ts), so the unknown routes are all under /v1.
  if (r < 0.26) {
    const [method, path] = pick(rng, [
      ['GET', '/v1/nope'], ['POST', `/v1/studies/${S}/nuke`], ['PUT', '/v1/studies'], ['PATCH', `/v1/studies/${S}`], ['GET', '/v1/'], ['DELETE', '/v1/health'],
      ['GET', `/v1/studies/${'%E0%A4%A'}`], ['GET', '/v1/studies/%00'], ['GET', '/v1/studies/..%2F..%2Fetc%2Fpasswd'], ['GET', `/v1/studies/${S}/export?format=xml`],
      ['GET', '/v1/studies?limit=abc'], ['GET', '/v1/studies?limit=-1'], ['GET', '/v1/studies?limit=1e9'], ['GET', `/v1/studies/${S}/trials?states=bogus`],
      ['GET', `/v1/studies/${S}/trials?states=completed&states=nope`], ['GET', `/v1/studies/${S}/best?x=1`],
    ] as [string, string][]);
    return { transport: 'rest', method, path, headers: auth, expect: { codes: ['NOT_FOUND', 'INVALID_ARGUMENT'], kind: 'bad-route' } };
  }
  if (r < 0.265) {
    const body = JSON.stringify({ name: 'x'.repeat(1_100_000), space: {}, objectives: {} });
    return { transport: 'rest', method: 'POST', path: '/v1/studies', body, headers: auth, expect: { codes: ['INVALID_ARGUMENT'], kind: 'oversized', status: 413 } };
  }
  const event = pick(rng, REST_EVENTS);
  const { payload, expect } = corrupt(rng, t, event, true);
  return { ...restFrom(event, payload, token), expect };
}
