// Drives the chat example (examples/chat) in headless Chromium, over both of its
// transports: Server-Sent Events + POST, and WebSocket.
//
//   node chat_test.mjs --binary <chat server binary>
//
// Chromium is $CHROMIUM, else /usr/bin/chromium. Prints one TAP-like line per
// case and a closing "N passed, N failed" line; exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WAIT_MS = 10_000;          // for a message to show up, or a page to connect
const START_MS = 30_000;         // for the server to print its address
const STOP_MS = 10_000;          // SIGTERM grace before SIGKILL
const OVERALL_MS = 150_000;      // the whole run, under ctest's 180 s

const { values: opts } = parseArgs({
  options: { binary: { type: 'string' } },
  strict: true,
});
if (!opts.binary) {
  console.error('usage: node chat_test.mjs --binary <chat server binary>');
  process.exit(2);
}
const binary = path.resolve(opts.binary);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(binary)) {
  console.error(`chat_test: no server binary at ${binary}`);
  process.exit(2);
}
if (!existsSync(chromiumPath)) {
  console.error(`chat_test: no Chromium at ${chromiumPath} (install the Debian package chromium, or set CHROMIUM)`);
  process.exit(2);
}

// ---------------------------------------------------------------- the server

let server = null;            // ChildProcess
let serverExited = null;      // Promise resolved with the exit code/signal
const serverLog = [];         // its last lines of output, shown on failure

function remember(prefix, line) {
  serverLog.push(prefix + line);
  if (serverLog.length > 60) serverLog.shift();
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', '0', '--workers', '1', '--hostname', '127.0.0.1'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    serverExited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));

    const timer = setTimeout(() => reject(new Error(`the server printed no "- Local: http://HOST:PORT" line within ${START_MS / 1000} s`)), START_MS);
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).replace(/\r$/, '').replace(/\x1b\[[0-9;]*m/g, '');
        pending = pending.slice(nl + 1);
        remember('stdout: ', line);
        const m = /-\s+Local:\s+http:\/\/(\S+):(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[2]}`);
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => chunk.split('\n').filter(Boolean).forEach((l) => remember('stderr: ', l)));
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal || 'code ' + code}) before it was listening`));
    });
  });
}

async function stopServer() {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killed = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
  await serverExited;
  clearTimeout(killed);
}

// --------------------------------------------------------------- the browser

let browser = null;
let baseUrl = '';
const contexts = new Set();

// Each page is a separate browser context: two people, not two tabs.
async function openChat(transport, label, problems) {
  const context = await browser.newContext();
  contexts.add(context);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${label}: console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${label}: page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText || 'failed';
    // Streams cut by a reload or by closing the page are aborted, not failed.
    if (!why.includes('ERR_ABORTED')) problems.push(`${label}: request failed: ${req.method()} ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${label}: HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
  });
  await page.goto(`${baseUrl}/index.html?transport=${transport}`, { waitUntil: 'domcontentloaded' });
  try {
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent.trim() === 'connected',
      null, { timeout: WAIT_MS });
  } catch {
    const status = await page.locator('#status').textContent().catch(() => '?');
    throw new Error(`${label} (${transport}): #status is "${status?.trim()}", not "connected", after ${WAIT_MS / 1000} s`);
  }
  return { page, label, transport };
}

async function closeContexts() {
  const all = [...contexts];
  contexts.clear();
  await Promise.all(all.map((c) => c.close().catch(() => {})));
}

let counter = 0;
function unique(what) {
  counter += 1;
  return `${what} ${counter}-${process.pid}-${Date.now().toString(36)}`;
}

// Types a message and sends it with the button, or with Enter.
async function send(chat, user, text, how = 'click') {
  await chat.page.fill('#user', user);
  await chat.page.fill('#text', text);
  if (how === 'enter') await chat.page.press('#text', 'Enter');
  else await chat.page.click('#send');
}

// Waits until exactly one #messages item shows `text` (and `user`) and carries
// a numeric data-id; returns that id.
async function expectMessage(chat, user, text) {
  try {
    await chat.page.waitForFunction(([u, t]) => {
      return [...document.querySelectorAll('#messages li')]
        .some((li) => li.textContent.includes(t) && li.textContent.includes(u));
    }, [user, text], { timeout: WAIT_MS });
  } catch {
    const items = await chat.page.$$eval('#messages li', (lis) => lis.map((li) => {
      const user = li.querySelector('.user')?.textContent;
      const said = li.querySelector('.text')?.textContent;
      return `#${li.dataset.id} ` + (user !== undefined && said !== undefined ? `${user}: ${said}` : li.textContent.trim());
    })).catch(() => []);
    const tail = items.slice(-5).map((s) => JSON.stringify(s)).join(', ') || 'none';
    const shown = await chat.page.locator('#error').textContent({ timeout: 1000 }).catch(() => '');
    const error = shown?.trim() ? `; the page says ${JSON.stringify(shown.trim())}` : '';
    throw new Error(`${chat.label} (${chat.transport}): ${JSON.stringify(text)} did not appear within ${WAIT_MS / 1000} s; its last items: ${tail}${error}`);
  }
  const ids = await chat.page.$$eval('#messages li', (lis, t) =>
    lis.filter((li) => li.textContent.includes(t)).map((li) => li.dataset.id), text);
  if (ids.length !== 1) throw new Error(`${chat.label} (${chat.transport}): ${JSON.stringify(text)} is shown ${ids.length} times`);
  if (!/^\d+$/.test(ids[0] ?? '')) throw new Error(`${chat.label} (${chat.transport}): its item has data-id=${JSON.stringify(ids[0])}`);
  return Number(ids[0]);
}

// Sends from `from`, and expects the message once on every page in `to` (sender included).
async function roundTrip(from, to, how) {
  const text = unique(`hello from ${from.transport}`);
  const user = `user${counter}`;
  await send(from, user, text, how);
  const ids = await Promise.all(to.map((chat) => expectMessage(chat, user, text)));
  if (new Set(ids).size !== 1) throw new Error(`the pages give the message different ids: ${ids.join(', ')}`);
  const left = await from.page.inputValue('#text');
  if (left !== '') throw new Error(`${from.label}: #text still holds ${JSON.stringify(left)} after sending`);
  return ids[0];
}

// ----------------------------------------------------------------- the cases

const cases = [
  {
    name: 'sse: a message sent from one page shows on both pages',
    async run(problems) {
      const a = await openChat('sse', 'page 1', problems);
      const b = await openChat('sse', 'page 2', problems);
      await roundTrip(a, [b, a], 'click');
      await roundTrip(b, [a, b], 'enter');
    },
  },
  {
    name: 'ws: a message sent from one page shows on both pages',
    async run(problems) {
      const a = await openChat('ws', 'page 1', problems);
      const b = await openChat('ws', 'page 2', problems);
      await roundTrip(a, [b, a], 'enter');
      await roundTrip(b, [a, b], 'click');
    },
  },
  {
    name: 'cross: sse to ws and ws to sse',
    async run(problems) {
      const s = await openChat('sse', 'sse page', problems);
      const w = await openChat('ws', 'ws page', problems);
      await roundTrip(s, [w, s], 'click');
      await roundTrip(w, [s, w], 'click');
    },
  },
  {
    name: 'xss: markup in a message shows as text and never runs',
    async run(problems) {
      const s = await openChat('sse', 'sse page', problems);
      const w = await openChat('ws', 'ws page', problems);
      const payload = '<img src=x onerror="window.__pwned=1">';
      const check = async (chat) => {
        const text = unique(payload);
        const user = `<b>mallory</b>${counter}`;
        await send(chat, user, text);
        for (const c of [s, w]) {
          await expectMessage(c, user, text);
          const found = await c.page.evaluate(() => ({
            pwned: typeof window.__pwned,
            img: document.querySelectorAll('#messages img, #messages b').length,
          }));
          if (found.pwned !== 'undefined') throw new Error(`${c.label}: window.__pwned is set`);
          if (found.img !== 0) throw new Error(`${c.label}: #messages holds ${found.img} element(s) made from message text`);
        }
      };
      await check(s);
      await check(w);
      // What history renders is as inert as what arrives live.
      for (const c of [s, w]) {
        await c.page.reload({ waitUntil: 'load' });
        await c.page.waitForFunction(() => document.querySelectorAll('#messages li').length > 0, null, { timeout: WAIT_MS });
        await sleep(250);
        const pwned = await c.page.evaluate(() => typeof window.__pwned);
        if (pwned !== 'undefined') throw new Error(`${c.label}: window.__pwned is set after a reload`);
      }
    },
  },
  {
    name: 'history: a newly opened page lists earlier messages, each once, oldest first',
    async run(problems) {
      const s = await openChat('sse', 'sender', problems);
      const user = `historian${counter}`;
      const texts = [unique('first'), unique('second')];
      for (const t of texts) {
        await send(s, user, t);
        await expectMessage(s, user, t);
      }
      for (const transport of ['sse', 'ws']) {
        const late = await openChat(transport, `late ${transport} page`, problems);
        const ids = [];
        for (const t of texts) ids.push(await expectMessage(late, user, t));
        if (!(ids[0] < ids[1])) throw new Error(`${late.label}: ids ${ids.join(', ')} are not increasing`);
        const order = await late.page.$$eval('#messages li', (lis) => lis.map((li) => Number(li.dataset.id)));
        const sorted = [...order].sort((x, y) => x - y);
        if (order.join() !== sorted.join()) throw new Error(`${late.label}: items are not in id order: ${order.join(', ')}`);
        if (new Set(order).size !== order.length) throw new Error(`${late.label}: an id is shown twice: ${order.join(', ')}`);
      }
    },
  },
];

// --------------------------------------------------------------------- main

let cleaning = null;
let stopping = false;   // a signal or the watchdog is ending the run
let stopCode = 1;       // the exit code it ends with
function cleanup() {
  cleaning ??= (async () => {
    await closeContexts().catch(() => {});
    if (browser) {
      const b = browser;
      browser = null;
      await Promise.race([b.close().catch(() => {}), sleep(10_000)]);
    }
    await stopServer().catch(() => {});
  })();
  return cleaning;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    stopping = true;
    stopCode = code;
    console.log(`# ${signal}: stopping`);
    cleanup().finally(() => process.exit(code));
  });
}
// Last resort if anything slips past cleanup(): never leave the server behind.
process.on('exit', () => { if (server && server.exitCode === null) server.kill('SIGKILL'); });

const watchdog = setTimeout(() => {
  stopping = true;
  console.log(`not ok - the whole run took over ${OVERALL_MS / 1000} s`);
  serverLog.forEach((l) => console.log(`#   server ${l}`));
  cleanup().finally(() => process.exit(1));
}, OVERALL_MS);

async function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  try {
    baseUrl = await startServer();
    console.log(`# server ${path.basename(binary)} at ${baseUrl}`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    console.log(`# chromium ${browser.version()}`);
  } catch (err) {
    console.log(`not ok - setup: ${err.message}`);
    serverLog.forEach((l) => console.log(`#   server ${l}`));
    await cleanup();
    console.log('0 passed, 1 failed');
    return 1;
  }

  for (const c of cases) {
    if (stopping) break;
    const problems = [];
    const t0 = Date.now();
    if (server === null || server.exitCode !== null || server.signalCode !== null) {
      const how = server ? (server.signalCode || `code ${server.exitCode}`) : 'gone';
      console.log(`not ok - ${c.name}`);
      console.log(`#   the server has exited (${how})`);
      failed += 1;
      continue;
    }
    try {
      await c.run(problems);
      console.log(`ok - ${c.name} (${Date.now() - t0} ms)`);
      passed += 1;
    } catch (err) {
      if (stopping) break;
      console.log(`not ok - ${c.name}`);
      console.log(`#   ${String(err.message).split('\n').join('\n#   ')}`);
      problems.forEach((p) => console.log(`#   ${p}`));
      failed += 1;
    } finally {
      await closeContexts();
    }
  }

  if (stopping) {
    await cleanup();
    return stopCode;
  }
  if (failed) serverLog.slice(-20).forEach((l) => console.log(`#   server ${l}`));
  await cleanup();
  console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

const code = await main().catch(async (err) => {
  if (!stopping) console.log(`not ok - ${err.stack || err}`);
  await cleanup();
  return stopping ? stopCode : 1;
});
clearTimeout(watchdog);
process.exit(code);
