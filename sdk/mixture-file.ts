/**
 * A recommended mixture as a file a training config can read: a flat map component -> weight, in
 * JSON or YAML. YAML is written by hand (a flat map needs no library): keys double-quoted (so
 * names like `on` or `null` stay strings under YAML 1.1), weights as plain floats with a decimal
 * point or exponent sign that both YAML 1.1 (PyYAML) and 1.2 read as floats, and the prediction
 * with its interval as `#` comments. Weights are written at full precision (the shortest decimal
 * that round-trips the double), so the file sums to what the server recommended.
 */
import type { Recommendation } from '../protocol/study.js';

/** Options of mixtureFile. */
export interface MixtureFileOptions {
  format: 'json' | 'yaml';
  /** The simplex parameter to export; needed only when the recommendation has several mixture-valued params. */
  param?: string;
}

/** The mixture-valued params of a recommendation (simplex values: objects of numbers). */
function mixtureParams(params: Record<string, unknown>): string[] {
  return Object.keys(params).filter((k) => {
    const v = params[k];
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((w) => typeof w === 'number');
  });
}

/** The weights of the chosen simplex parameter; throws a RangeError naming the choices. */
export function recommendedMixture(rec: Pick<Recommendation, 'params'>, param?: string): Record<string, number> {
  const names = mixtureParams(rec.params);
  if (param !== undefined) {
    if (!names.includes(param)) throw new RangeError(`'${param}' is not a mixture parameter of the recommendation (mixtures: ${names.join(', ') || 'none'})`);
    return rec.params[param] as Record<string, number>;
  }
  if (names.length !== 1) throw new RangeError(names.length === 0 ? 'the recommendation has no mixture (simplex) parameter' : `several mixture parameters (${names.join(', ')}): name one`);
  return rec.params[names[0]!] as Record<string, number>;
}

/** A YAML 1.1/1.2 float literal of a finite weight (JS writes 1e-7; PyYAML needs 1.0e-07 style). */
export function yamlFloat(w: number): string {
  if (!Number.isFinite(w)) throw new RangeError(`weight ${w} is not finite`);
  const s = String(w);
  if (!s.includes('e')) return s.includes('.') ? s : `${s}.0`;
  const [mantissa, exponent] = s.split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${sign}${exponent.replace(/^[+-]/, '')}`;
}

/** The file's text: JSON `{component: weight}` or YAML `"component": weight` lines with the prediction as comments. */
export function mixtureFile(rec: Pick<Recommendation, 'params'> & Partial<Recommendation>, options: MixtureFileOptions): string {
  const weights = recommendedMixture(rec, options.param);
  if (options.format === 'json') return JSON.stringify(weights, null, 2) + '\n';
  const lines: string[] = [];
  if (rec.objective !== undefined && rec.predicted !== undefined) {
    lines.push(`# recommended mixture: ${rec.objective} (${rec.direction}) predicted ${rec.predicted}`);
    if (rec.interval) lines.push(`# 95% interval [${rec.interval.lower}, ${rec.interval.upper}]`);
    if (rec.model) lines.push(`# model ${rec.model.kind}, ${rec.model.observations} observations${rec.fidelity ? `, at ${rec.fidelity.name} = ${rec.fidelity.value}` : ''}`);
  }
  for (const [c, w] of Object.entries(weights)) lines.push(`${JSON.stringify(c)}: ${yamlFloat(w)}`);
  return lines.join('\n') + '\n';
}
