/**
 * The dashboard's entry: asks for the server's token once (kept in sessionStorage for this tab),
 * connects through the browser SDK (socket.io, same origin) and routes `#/` (studies) and
 * `#/study/<id>` (one study). A wrong token connects to nothing and shows nothing but the prompt.
 */
import { connect, SdkError, type Client } from '../../sdk/index.js';
import { disposeCharts } from './charts.js';
import { h } from './dom.js';
import { renderStudies } from './studies-view.js';
import { renderStudy } from './study-view.js';

const TOKEN_KEY = 'bo-dashboard-token';
/** The studies list has no room to join (rooms are per study), so it re-reads on this period. */
const LIST_REFRESH_MS = 5000;

const app = document.getElementById('app')!;
const status = document.getElementById('status')!;
let client: Client | undefined;
let stop: (() => void) | undefined;

function setStatus(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

/** Connects with the stored token (none: a server without one); on UNAUTHENTICATED asks for one. */
async function start(): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  try {
    client = await connect(location.origin, { ...(token ? { token } : {}), timeoutMs: 10_000, retries: 2 });
  } catch (e) {
    const refused = e instanceof SdkError && (e.code === 'UNAUTHENTICATED' || e.code === 'PERMISSION_DENIED');
    sessionStorage.removeItem(TOKEN_KEY);
    askToken(refused ? (token ? 'The server refused this token.' : 'This server needs a token.') : `Cannot reach the server: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  client.socket.on('disconnect', () => setStatus('disconnected: reconnecting…', true));
  client.socket.on('connect', () => setStatus('live'));
  setStatus('live');
  window.addEventListener('hashchange', () => void route());
  await route();
}

function askToken(message: string): void {
  setStatus(message, true);
  const input = h('input', { type: 'password', autocomplete: 'off', 'aria-label': 'token', 'data-testid': 'token-input' });
  const form = h('form', { class: 'panel token', 'data-testid': 'token-form' }, h('h2', {}, 'Token'), h('p', {}, message), h('label', {}, 'Server token ', input), h('button', { type: 'submit' }, 'Connect'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value);
    app.replaceChildren();
    void start();
  });
  app.replaceChildren(form);
  input.focus();
}

async function route(): Promise<void> {
  stop?.();
  stop = undefined;
  disposeCharts(app);
  const m = /^#\/study\/(.+)$/.exec(location.hash);
  const nav = document.getElementById('nav')!;
  nav.replaceChildren(...(m ? [h('a', { href: '#/' }, '← all studies')] : []));
  try {
    if (m) {
      stop = await renderStudy(app, client!, decodeURIComponent(m[1]!));
    } else {
      const refresh = await renderStudies(app, client!);
      const timer = setInterval(() => void refresh().catch(() => undefined), LIST_REFRESH_MS);
      stop = () => clearInterval(timer);
    }
  } catch (e) {
    app.replaceChildren(h('section', { class: 'panel error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
  }
}

void start();
