import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Median final simple regret per problem and peer optimizer, e.g. table.get('branin')?.optuna_tpe. */
export type PeerTable = Map<string, Record<string, number>>;

/** Where peers.md lives when the shared reference folder sits beside the repository. */
export const PEERS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/reference/peers.md');

/**
 * Parse the "Median final simple regret" table of peers.md: rows `| problem | d | budget | peer... |`,
 * cells like `0.413 (n=10)`. Returns null when the file is absent (the comparison is then skipped).
 */
export function loadPeers(path: string = PEERS_PATH): PeerTable | null {
  if (!existsSync(path)) return null;
  return parsePeers(readFileSync(path, 'utf8'));
}

/** Parse peers.md text (see loadPeers). */
export function parsePeers(text: string): PeerTable {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^##\s+Median final simple regret/i.test(l));
  const table: PeerTable = new Map();
  if (start < 0) return table;
  let header: string[] | null = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (!header) {
      header = cells;
      continue;
    }
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const row: Record<string, number> = {};
    for (let j = 3; j < cells.length && j < header.length; j++) {
      const v = Number.parseFloat(cells[j]);
      if (Number.isFinite(v)) row[header[j]] = v;
    }
    table.set(cells[0], row);
  }
  return table;
}
