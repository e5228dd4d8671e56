/**
 * Serves the dashboard's committed build (dashboard/dist: npm run build:dashboard) at `/`. The
 * files are public code, so they are served before the token check (a browser cannot attach a
 * bearer token to a page load); the page then asks for the token and every data request it makes
 * carries it. Origin and Host checks still apply (the caller runs this after them).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';

const DIST = fileURLToPath(new URL('../dashboard/dist/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
/**
 * The page loads only its own script, style and socket; ECharts sets inline styles on its
 * elements, hence 'unsafe-inline' for styles only. frame-ancestors: no framing (clickjacking).
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The dashboard's files, read once (name -> content and type); empty when the build is missing. */
function loadFiles(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  let names: string[] = [];
  try {
    names = readdirSync(DIST);
  } catch {
    return files;
  }
  for (const name of names) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type) files.set(name, { body: readFileSync(DIST + name), type });
  }
  return files;
}

/** A handler for GET/HEAD of `/` and the dashboard's files; returns false for any other request. */
export function dashboardHandler(): (req: Request, res: Response) => boolean {
  const files = loadFiles();
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = files.get(req.path === '/' ? 'index.html' : req.path.slice(1));
    if (!file) return false;
    res.status(200).set({ 'content-type': file.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).send(file.body);
    return true;
  };
}
