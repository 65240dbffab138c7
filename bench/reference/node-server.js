#!/usr/bin/env node
// Reference server for bench/run.sh: the three benchmark endpoints written
// against Node's built-in `http` module only (no frameworks, no npm packages),
// returning byte-for-byte the same bodies as examples/engine/main.cpp.
//
//   GET  /api/hello        {"message":"Hello from Next.js!"}
//   GET  /api/users/{id}   {"id":"…","name":"User …"}
//   POST /api/echo         JSON.parse(body) then JSON.stringify back
//
// Usage: node node-server.js [--port N] [--hostname H]   (or PORT / HOSTNAME env)
// Prints "node: listening on http://HOST:PORT" once it accepts connections.
'use strict';

const http = require('http');

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i !== -1 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + '='));
  return eq === undefined ? undefined : eq.slice(name.length + 1);
}

const positional = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const port = Number(arg('--port') ?? positional ?? process.env.PORT ?? 3000);
const hostname = arg('--hostname') ?? '127.0.0.1';

function send(res, status, body, extra) {
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  };
  if (extra) Object.assign(headers, extra);
  res.writeHead(status, headers);
  res.end(body);
}

const server = http.createServer((req, res) => {
  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  const method = req.method;

  if (path === '/api/hello') {
    if (method !== 'GET' && method !== 'HEAD') {
      return send(res, 405, '{"error":"Method Not Allowed"}', { Allow: 'GET, HEAD' });
    }
    return send(res, 200, '{"message":"Hello from Next.js!"}');
  }

  if (path.startsWith('/api/users/') && path.length > 11 && path.indexOf('/', 11) === -1) {
    if (method !== 'GET' && method !== 'HEAD') {
      return send(res, 405, '{"error":"Method Not Allowed"}', { Allow: 'GET, HEAD' });
    }
    const id = path.slice(11);
    return send(res, 200, JSON.stringify({ id, name: 'User ' + id }));
  }

  if (path === '/api/echo') {
    if (method !== 'POST') {
      return send(res, 405, '{"error":"Method Not Allowed"}', { Allow: 'POST' });
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let value;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, '{"error":"Invalid JSON"}');
      }
      send(res, 200, JSON.stringify(value));
    });
    return;
  }

  send(res, 404, '{"error":"Not Found"}');
});

server.keepAliveTimeout = 60000;
server.listen(port, hostname, () => {
  const addr = server.address();
  console.log(`node: listening on http://${addr.address}:${addr.port}`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
