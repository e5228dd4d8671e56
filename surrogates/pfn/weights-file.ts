/**
 * Reads the shipped PFN weights (manifest.json + weights.bin) once per directory and process.
 *
 * DESIGN.md says nothing under surrogates/ does I/O. This file is the one deliberate, read-only
 * exception, named in tools/lint-imports.ts (IO_EXCEPTIONS): the model's weights are part of the
 * surrogate, like code. A host that wants surrogates strictly I/O-free injects its own reader with
 * setPfnWeightsReader() or hands PfnSurrogate its weights directly.
 *
 * Directory: option weightsDir, else env BO_PFN_WEIGHTS, else surrogates/pfn/weights next to this file.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BoError } from '../../core/errors.js';
import { parseManifest, unpackWeights, type PfnWeights } from './manifest.js';

/** Reads a file as bytes; throws with code 'ENOENT' when missing. */
export type BytesReader = (path: string) => Promise<Uint8Array>;

let reader: BytesReader | null = null;
const cache = new Map<string, Promise<PfnWeights>>();

/** Replace the file reader (a server that keeps surrogates I/O-free injects its own). */
export function setPfnWeightsReader(r: BytesReader | null): void {
  reader = r;
  cache.clear();
}

const defaultReader: BytesReader = (p) => readFile(p);

/** The weights directory in use: explicit > BO_PFN_WEIGHTS > shipped. */
export function pfnWeightsDir(weightsDir?: string): string {
  if (weightsDir) return weightsDir;
  const env = process.env.BO_PFN_WEIGHTS;
  if (env) return env;
  return fileURLToPath(new URL('./weights', import.meta.url));
}

async function readOrExplain(read: BytesReader, path: string, what: string): Promise<Uint8Array> {
  try {
    return await read(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'file not found' : e instanceof Error ? e.message : String(e);
    throw new BoError('FAILED_PRECONDITION', `PFN weights: ${path}: ${why} (${what}; set surrogateOptions.weightsDir or BO_PFN_WEIGHTS, or run the trainer: tools/pfn/)`);
  }
}

/** Load and validate the weights of a directory (cached per directory; a failed load is retried next time). */
export function loadPfnWeights(weightsDir?: string): Promise<PfnWeights> {
  const dir = pfnWeightsDir(weightsDir);
  let p = cache.get(dir);
  if (!p) {
    p = (async () => {
      const read = reader ?? defaultReader;
      const mPath = `${dir}/manifest.json`;
      const wPath = `${dir}/weights.bin`;
      const mBytes = await readOrExplain(read, mPath, 'the PFN manifest');
      let raw: unknown;
      try {
        raw = JSON.parse(new TextDecoder().decode(mBytes));
      } catch (e) {
        throw new BoError('FAILED_PRECONDITION', `PFN weights: ${mPath}: not valid JSON (${(e as Error).message})`);
      }
      const manifest = parseManifest(raw, mPath);
      const bytes = await readOrExplain(read, wPath, 'the PFN weights');
      return unpackWeights(manifest, bytes, wPath, dir);
    })();
    cache.set(dir, p);
    p.catch(() => cache.delete(dir));
  }
  return p;
}

/** Read <dir>/parity.json if present (tests), else null. */
export async function readParity(weightsDir?: string): Promise<unknown | null> {
  const read = reader ?? defaultReader;
  try {
    return JSON.parse(new TextDecoder().decode(await read(`${pfnWeightsDir(weightsDir)}/parity.json`)));
  } catch {
    return null;
  }
}
