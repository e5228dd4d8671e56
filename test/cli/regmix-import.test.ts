/**
 * Importing RegMix's 512 1M-parameter runs (The Pile, three-decimal weights: 303 rows sum to
 * 0.996..1.003, not 1): refused without a tolerance (by the CLI before sending, and by the server
 * over the SDK with the field path), accepted with --simplex-tolerance 1e-2, stored renormalised
 * with the original sums in diagnostics. Reference: the sums are recomputed here from the raw CSV.
 * Skips when the data are absent (they are read from ../shared/data, never copied).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mixtureDataAvailable, mixtureDataDir } from '../../benchmarks/mixture/data.js';
import { EXIT } from '../../cli/exit-codes.js';
import { parseCsv } from '../../cli/csv-import.js';
import { connect } from '../../sdk/index.js';
import { SdkError } from '../../sdk/errors.js';
import { startTestServer, tempDir } from '../e2e/harness.js';
import { runBin } from './run-bin.js';

const skip = mixtureDataAvailable() ? false : 'data-mixture datasets not found (set MIXTURE_DATA_DIR or provide ../shared/data)';

/** The 512 training runs as the CSV `bayesopt import` reads: mix.<domain> columns and loss. */
function regmixCsv(): { csv: string; components: string[]; sums: number[] } {
  const base = join(mixtureDataDir(), 'regmix_pile');
  const mix = parseCsv(readFileSync(join(base, 'train_mixture_1m.csv'), 'utf8'));
  const loss = parseCsv(readFileSync(join(base, 'train_pile_loss_1m.csv'), 'utf8'));
  const components = mix[0]!.slice(1).map((h) => h.replace(/^train_the_pile_/, ''));
  const byIndex = new Map(loss.slice(1).map((r) => [r[0], r[r.length - 1]]));
  const rows = mix.slice(1).map((r) => [...r.slice(1), byIndex.get(r[0])!]);
  const sums = mix.slice(1).map((r) => r.slice(1).reduce((s, w) => s + Number(w), 0));
  const csv = [[...components.map((c) => `mix.${c}`), 'loss'].join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
  return { csv, components, sums };
}

test('RegMix 512 runs: refused without a tolerance, imported with --simplex-tolerance 1e-2', { skip }, async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const client = await connect(server.url);
  t.after(() => client.close());
  const { dir, remove } = tempDir('bayesopt-regmix-');
  t.after(remove);
  const { csv, components, sums } = regmixCsv();
  assert.equal(sums.length, 512);
  assert.ok(sums.some((s) => Math.abs(s - 1) > 1e-3), 'the raw weights do not sum to 1');
  const file = join(dir, 'regmix.csv');
  writeFileSync(file, csv);
  const study = await client.createStudy({ name: 'regmix', space: { mix: { type: 'simplex', components } }, objectives: { loss: 'minimize' } });
  const env = { BO_URL: server.url };

  const strict = await runBin(['import', study.id, file], { env });
  assert.equal(strict.code, EXIT.refused, strict.stderr);
  assert.match(strict.stderr, /weights sum to .*--simplex-tolerance/);

  // The server refuses too (a client that skips the CLI's check), naming the field.
  const first = sums.findIndex((s) => Math.abs(s - 1) > 1e-6);
  const row = parseCsv(csv)[first + 1]!;
  const params = { mix: Object.fromEntries(components.map((c, j) => [c, Number(row[j])])) };
  await assert.rejects(study.addTrials([{ params, values: { loss: Number(row[components.length]) } }]), (e: unknown) => {
    assert.ok(e instanceof SdkError && e.code === 'INVALID_ARGUMENT', String(e));
    assert.match(e.message, /trials\.0\.params\.mix/);
    return true;
  });
  assert.equal((await study.trials()).length, 0, 'nothing was added');

  const ok = await runBin(['import', study.id, file, '--simplex-tolerance', '1e-2', '--json'], { env });
  assert.equal(ok.code, EXIT.ok, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).imported, 512);
  const trials = await study.trials();
  assert.equal(trials.length, 512);
  for (const [i, tr] of trials.entries()) {
    const w = tr.params.mix as Record<string, number>;
    assert.ok(Math.abs(Object.values(w).reduce((s, v) => s + v, 0) - 1) < 1e-12, `trial ${i} is renormalised`);
  }
  const changed = trials.filter((tr) => (tr.diagnostics as { simplexSums?: Record<string, number> } | undefined)?.simplexSums !== undefined);
  assert.equal(changed.length, sums.filter((s) => s !== 1).length, 'every renormalised row says its original sum');
});
