/**
 * The dashboard in a real browser (playwright-core driving Debian's chromium) against a real
 * server with a seeded study: each view renders the server's data (checked against the trials the
 * SDK reads, and the slice band against the incumbent's observed value), a tell made through the
 * SDK appears without reload, and a wrong token sees nothing. Screenshots of each view go to
 * $BO_SCREENSHOTS (default: <tmpdir>/bo-dashboard-screens), never into the repository.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { autoChoiceLine, connect, type Client, type StudyHandle } from '../../sdk/index.js';
import { findChromium } from '../support/chromium.js';
import { branin, startTestServer, type TestServer } from './harness.js';

const found = findChromium();
const skip = 'skip' in found ? found.skip : false;
const TOKEN = 'dashboard-test-token-0123';
const SHOTS = process.env.BO_SCREENSHOTS ?? join(tmpdir(), 'bo-dashboard-screens');

let server: TestServer;
let browser: Browser;
let page: Page;
let sdk: Client;
let study: StudyHandle;
let mixture: StudyHandle;
let pareto: StudyHandle;

/** Completed trials' first-objective values by trial number, as the SDK reads them (the reference the page must show). */
async function completedValues(s: StudyHandle): Promise<Map<number, number>> {
  const trials = await s.trials(['completed']);
  return new Map(trials.map((t) => [t.number, t.values!.loss!]));
}

/** The [x, value] points of the history chart's completed-trials series, read from the page's chart. */
function historyPoints(p: Page): Promise<[number, number][]> {
  return p.evaluate(() => {
    const opt = window.boCharts!.history!.getOption() as { series: { data: { value: [number, number] }[] }[] };
    return opt.series[0]!.data.map((d) => d.value);
  });
}

before(async () => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ token: TOKEN, server: { computeWorkers: 1 } });
  sdk = await connect(server.url, { token: TOKEN });
  study = await sdk.createStudy({
    name: 'branin-dashboard',
    space: { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'gp', acquisition: 'log-ei', initialTrials: 4, seed: 7 },
  });
  // 12 completed trials on a 4×3 grid (trial:add, no fit needed), then one running trial.
  const grid = [-5, 0, 5, 10].flatMap((x1) => [0, 7.5, 15].map((x2) => ({ params: { x1, x2 }, values: { loss: branin(x1, x2) } })));
  await study.addTrials(grid);
  await study.ask();
  mixture = await sdk.createStudy({
    name: 'mixture-dashboard',
    space: { w: { type: 'simplex', components: ['web', 'code', 'books'] }, size: { type: 'fidelity', levels: [{ value: 'small', cost: 1 }, { value: 'large', cost: 4 }] } },
    objectives: { loss: 'minimize' },
    algorithm: { surrogate: 'gp', seed: 3 },
  });
  await mixture.addTrials(
    [0.1, 0.3, 0.5, 0.7].flatMap((a) => ['small', 'large'].map((size) => ({ params: { w: { web: a, code: (1 - a) / 2, books: (1 - a) / 2 }, size }, values: { loss: (a - 0.4) ** 2 + (size === 'small' ? -0.1 : 0) } }))),
  );
  pareto = await sdk.createStudy({
    name: 'pareto-dashboard',
    space: { x: { type: 'float', low: 0, high: 1 } },
    objectives: { error: 'minimize', latency: 'minimize' },
    algorithm: { surrogate: 'gp', seed: 4 },
  });
  // A trade-off (error = x, latency = (1 − x)²) with every third point pushed off the front.
  await pareto.addTrials(Array.from({ length: 12 }, (_, i) => ({ params: { x: i / 11 }, values: { error: i / 11, latency: (1 - i / 11) ** 2 + (i % 3 === 1 ? 0.3 : 0) } })));
  browser = await chromium.launch({ executablePath: (found as { path: string }).path, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
});

after(async () => {
  await browser?.close();
  sdk?.close();
  await server?.close();
});

test('a wrong token sees nothing: the prompt returns, no study is shown', { skip }, async () => {
  await page.goto(server.url + '/');
  await page.getByTestId('token-input').fill('not-the-token');
  await page.getByTestId('token-form').getByRole('button').click();
  await page.getByText('The server refused this token.').first().waitFor();
  assert.equal(await page.getByTestId('studies-table').count(), 0);
  assert.ok(!(await page.content()).includes('branin-dashboard'), 'no study name in the page');
  await page.screenshot({ path: join(SHOTS, '0-wrong-token.png') });
});

test('studies list: every study with its counts; search filters', { skip }, async () => {
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('token-form').getByRole('button').click();
  const rows = page.getByTestId('studies-table').locator('tbody tr');
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  const first = rows.filter({ hasText: 'branin-dashboard' });
  const cells = await first.locator('td').allTextContents();
  const best = Math.min(...(await completedValues(study)).values());
  // Columns: name, id, completed, running, failed, best, sparkline.
  assert.deepEqual(cells.slice(0, 5), ['branin-dashboard', study.id, '12', '1', '0']);
  assert.ok(Math.abs(Number(cells[5]) - best) < 1e-4 * Math.max(1, Math.abs(best)), `best ${cells[5]} vs ${best}`);
  // A fidelity study's best is trial:best's (the target level only), not the cheap level's lower value.
  const mixCells = await rows.filter({ hasText: 'mixture-dashboard' }).locator('td').allTextContents();
  const mixBest = (await mixture.best())!.values!.loss!;
  assert.ok(Math.abs(Number(mixCells[5]) - mixBest) < 1e-4, `best ${mixCells[5]} vs trial:best ${mixBest}`);
  await page.screenshot({ path: join(SHOTS, '1-studies.png') });
  await page.getByTestId('study-search').fill('mixture');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /mixture-dashboard/);
});

test('a study: history points equal the completed trials; the slice band brackets the incumbent; table is keyboard navigable', { skip }, async () => {
  await page.goto(`${server.url}/#/study/${study.id}`);
  await page.getByTestId('history-chart').locator('canvas').waitFor();
  const expected = await completedValues(study);
  const pts = await historyPoints(page);
  assert.deepEqual(new Map(pts), expected, 'one point per completed trial, at its number and value');

  // Slices: computed by the server's fitted GP (compute worker); each parameter's band is non-empty.
  await page.getByTestId('slice-x1').locator('canvas').waitFor({ timeout: 60_000 });
  const best = await study.best();
  let sawNegative = false;
  for (const param of ['x1', 'x2']) {
    const band = await page.evaluate((name) => {
      const opt = window.boCharts![`slice:${name}`]!.getOption() as { series: { data: [number, number][] }[] };
      return { lower: opt.series[0]!.data, width: opt.series[1]!.data, incumbent: opt.series[3]!.data[0]! };
    }, param);
    assert.ok(band.width.length > 10 && band.width.every(([, w]) => w >= 0) && band.width.some(([, w]) => w > 0), `${param}: non-empty band`);
    const [ix, iy] = band.incumbent;
    assert.equal(ix, best!.params[param]);
    assert.equal(iy, best!.values!.loss);
    const at = band.lower.findIndex(([x]) => x === ix);
    assert.ok(at >= 0, `${param}: the slice passes through the incumbent`);
    // The 95% band at the incumbent holds its observed value (noise-free data; 1e-3 for the fitted noise floor).
    const lo = band.lower[at]![1];
    const hi = lo + band.width[at]![1];
    assert.ok(lo - 1e-3 <= iy && iy <= hi + 1e-3, `${param}: ${iy} in [${lo}, ${hi}]`);
    // What is drawn: the band's top is lower + width at every point, whatever the signs (ECharts' default
    // stacking adds only same-sign values and drew a band with a negative lower bound from 0). Read through
    // the series' stacked dimension (ECharts' model API).
    const drawnTop = await page.evaluate((name) => {
      const model = (window.boCharts![`slice:${name}`] as unknown as { getModel(): { getSeriesByIndex(i: number): { getData(): { count(): number; get(dim: string, i: number): number; getCalculationInfo(k: string): string } } } }).getModel();
      const data = model.getSeriesByIndex(1).getData();
      const dim = data.getCalculationInfo('stackResultDimension');
      return Array.from({ length: data.count() }, (_, i) => data.get(dim, i));
    }, param);
    drawnTop.forEach((top, i) => assert.ok(Math.abs(top - (band.lower[i]![1] + band.width[i]![1])) < 1e-9 * Math.max(1, Math.abs(top)), `${param}[${i}]: drawn top ${top}`));
    if (band.lower.some(([, l]) => l < 0)) sawNegative = true;
  }
  assert.ok(sawNegative, 'the seeded data puts a band below 0 somewhere, so the drawn-top check bites');
  const importance = await page.evaluate(() => (window.boCharts!.importance!.getOption() as { yAxis: { data: string[] }[] }).yAxis[0]!.data);
  assert.deepEqual([...importance].sort(), ['x1', 'x2']);

  // Trial table: every trial; keyboard moves between rows and Enter shows the trial.
  const rows = page.getByTestId('trial-table').locator('tbody tr');
  assert.equal(await rows.count(), 13);
  const secondNumber = Number(await rows.nth(1).locator('td').first().innerText());
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const shown = JSON.parse(await page.getByTestId('trial-detail').innerText()) as { number: number };
  assert.equal(shown.number, secondNumber, 'ArrowDown then Enter shows the second row');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  assert.equal((JSON.parse(await page.getByTestId('trial-detail').innerText()) as { number: number }).number, Math.max(...(await study.trials()).map((t) => t.number)), 'End goes to the last row');
  await page.screenshot({ path: join(SHOTS, '2-study.png'), fullPage: true });
});

test('live: a tell made through the SDK appears without reload', { skip }, async () => {
  const before = (await historyPoints(page)).length;
  const [trial] = await study.ask();
  await study.tell(trial!.id, branin(trial!.params.x1 as number, trial!.params.x2 as number));
  await page.waitForFunction((n) => (window.boCharts!.history!.getOption() as { series: { data: unknown[] }[] }).series[0]!.data.length === n, before + 1, { timeout: 10_000 });
  assert.deepEqual(new Map(await historyPoints(page)), await completedValues(study));
  await page.screenshot({ path: join(SHOTS, '3-live.png'), fullPage: true });
});

test("surrogate 'auto': the header shows the latest ask's choice as the SDK reads it; a GP study's header names its trust region", { skip }, async () => {
  const auto = await sdk.createStudy({ name: 'auto-dashboard', space: { x: { type: 'float', low: 0, high: 1 } }, objectives: { loss: 'minimize' }, algorithm: { surrogate: 'auto', seed: 5 } });
  await auto.addTrials(Array.from({ length: 8 }, (_, i) => ({ params: { x: i / 7 }, values: { loss: Math.sin(6 * (i / 7)) } })));
  await auto.ask();
  // The reference: the same helper over the trials the SDK reads (the ask's diagnostics.auto).
  const expected = autoChoiceLine(await auto.trials());
  assert.ok(expected, 'the model ask recorded a selection');
  await page.goto(`${server.url}/#/study/${auto.id}`);
  await page.getByTestId('auto-choice').filter({ hasText: 'auto' }).waitFor();
  assert.equal(await page.getByTestId('auto-choice').innerText(), `auto's current model: ${expected}`);
  await page.goto(`${server.url}/#/study/${study.id}`);
  // The page is a single-page app: the previous study's header stays in the DOM until the new one
  // renders, so wait for this study's id before reading the header.
  await page.locator('.head').filter({ hasText: study.id }).waitFor();
  assert.match(await page.locator('.head').innerText(), /gp \+ log-ei · trust region on stall/);
});

test('mixtures: stacked bars of the best mixtures per fidelity level', { skip }, async () => {
  await page.goto(`${server.url}/#/study/${mixture.id}`);
  await page.getByTestId('mixture-w-large').locator('canvas').waitFor();
  const bars = await page.evaluate(() => (window.boCharts!['mixture:w:large']!.getOption() as { series: { name: string; data: number[] }[] }).series);
  const large = (await mixture.trials(['completed'])).filter((t) => t.params.size === 'large').sort((a, b) => a.values!.loss! - b.values!.loss!);
  assert.deepEqual(bars.map((s) => s.name), ['web', 'code', 'books']);
  assert.deepEqual(bars[0]!.data, large.map((t) => (t.params.w as Record<string, number>).web), 'best first, weights as stored');
  // The model view of a mixture study: no one-parameter slice of a simplex, but its importance (the MF GP at the target level).
  await page.getByTestId('model-note').filter({ hasText: 'Model' }).waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('model-note').innerText(), /No slice: w \(simplex/);
  assert.match(await page.getByTestId('model-note').innerText(), /at size=large/);
  const importance = await page.evaluate(() => (window.boCharts!.importance!.getOption() as { yAxis: { data: string[] }[] }).yAxis[0]!.data);
  assert.deepEqual(importance, ['w']);
  await page.screenshot({ path: join(SHOTS, '4-mixtures.png'), fullPage: true });
});

test('Pareto front: the marked trials are exactly the non-dominated ones (brute force over the SDK\'s trials)', { skip }, async () => {
  await page.goto(`${server.url}/#/study/${pareto.id}`);
  await page.getByTestId('pareto-chart').locator('canvas').waitFor();
  const series = await page.evaluate(() => (window.boCharts!.pareto!.getOption() as { series: { name: string; data: { value: [number, number]; trial: number }[] }[] }).series);
  const trials = await pareto.trials(['completed']);
  const dominated = (t: (typeof trials)[number]) =>
    trials.some((u) => u.values!.error! <= t.values!.error! && u.values!.latency! <= t.values!.latency! && (u.values!.error! < t.values!.error! || u.values!.latency! < t.values!.latency!));
  const expectFront = trials.filter((t) => !dominated(t)).map((t) => t.number).sort((a, b) => a - b);
  const front = series.find((s) => s.name === 'Pareto front')!.data.map((d) => d.trial).sort((a, b) => a - b);
  const rest = series.find((s) => s.name === 'dominated')!.data.map((d) => d.trial);
  assert.deepEqual(front, expectFront);
  assert.equal(front.length + rest.length, trials.length, 'every completed trial is drawn once');
  assert.equal(rest.length, 4, 'the four pushed-off points are dominated');
  await page.screenshot({ path: join(SHOTS, '5-pareto.png'), fullPage: true });
});
