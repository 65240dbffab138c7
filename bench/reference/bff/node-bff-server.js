#!/usr/bin/env node
// Reference for bench/bff.sh: examples/bff's GET /api/dashboard/[id] in
// Node.js, with its built-in fetch (undici, keep-alive) and Promise.all,
// as a Next.js route handler would do it. No npm packages.
//   USERS_API, ORDERS_API: the services; --port N (0: any free port).
// Prints "node: listening on http://HOST:PORT".
'use strict';

const http = require('http');

const users = process.env.USERS_API;
const orders = process.env.ORDERS_API;
const i = process.argv.indexOf('--port');
const port = Number(i !== -1 ? process.argv[i + 1] : 3000);

async function answerOf(service, res) {
  if (!res.ok) throw Object.assign(new Error(`${service} answered ${res.status}`), { status: 502 });
  return res.json();
}

const server = http.createServer(async (req, res) => {
  const m = /^\/api\/dashboard\/([^/?]+)$/.exec(req.url);
  if (req.method !== 'GET' || !m) {
    res.writeHead(404).end();
    return;
  }
  const id = m[1];
  try {
    const signal = AbortSignal.timeout(2000);
    const [user, list] = await Promise.all([
      fetch(`${users}/users/${id}`, { signal }),
      fetch(`${orders}/orders?user=${id}`, { signal }),
    ]);
    const body = JSON.stringify({ user: await answerOf('users', user),
                                  orders: await answerOf('orders', list) });
    res.writeHead(200, { 'Content-Type': 'application/json',
                         'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } catch (e) {
    const body = JSON.stringify({ error: e.message });
    res.writeHead(e.status ?? 502, { 'Content-Type': 'application/json' });
    res.end(body);
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`node: listening on http://127.0.0.1:${server.address().port}`);
});
