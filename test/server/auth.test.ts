import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerToken, checkBindAllowed, isLoopbackHost, tokenMatches } from '../../server/auth.js';

test('token comparison', () => {
  assert.equal(tokenMatches('abc', 'abc'), true);
  assert.equal(tokenMatches('abc', 'abd'), false);
  assert.equal(tokenMatches('abc', 'abcd'), false, 'different lengths do not throw');
  assert.equal(tokenMatches('abc', undefined), false);
  assert.equal(tokenMatches('abc', 42), false);
});

test('bearer header parsing', () => {
  assert.equal(bearerToken('Bearer xyz'), 'xyz');
  assert.equal(bearerToken('bearer   xyz '), 'xyz');
  assert.equal(bearerToken('Basic xyz'), undefined);
  assert.equal(bearerToken(undefined), undefined);
});

test('loopback hosts and the bind rule', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
  assert.throws(() => checkBindAllowed('0.0.0.0', undefined), /non-loopback/);
  assert.doesNotThrow(() => checkBindAllowed('0.0.0.0', 'a-token-of-16-ch'));
  assert.doesNotThrow(() => checkBindAllowed('127.0.0.1', undefined));
});

test('a short token is refused for a public bind (a one-character token was accepted)', () => {
  assert.throws(() => checkBindAllowed('0.0.0.0', 't'), /at least 16 characters/);
  assert.throws(() => checkBindAllowed('192.168.1.2', 'x'.repeat(15)), /at least 16 characters/);
  assert.doesNotThrow(() => checkBindAllowed('127.0.0.1', 't'), 'loopback keeps any token');
});
