/** Parses YAML with PyYAML (python3-yaml, an independent YAML 1.1 reader) into JSON; null when it is not installed. */
import { spawnSync } from 'node:child_process';

const SCRIPT = 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';

/** True when python3 with the yaml module runs here. */
export function pyyamlAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
}

/** YAML text -> the value PyYAML reads (through JSON; float repr round-trips doubles exactly). */
export function parseWithPyyaml(text: string): unknown {
  const r = spawnSync('python3', ['-c', SCRIPT], { input: text, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyYAML failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
