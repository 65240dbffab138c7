#!/usr/bin/env node
// Reference server for bench/db.sh: the TechEmpower database workloads of
// bench/app-db with Node's `http` module and better-sqlite3 (npm), the usual
// way to use SQLite from Node, on the same database file.
//
//   GET /db                  one random row of world
//   GET /queries?queries=N   N random rows, one query each (N clamped to 1..500)
//   GET /updates?queries=N   N rows read one by one, new random numbers, written back in one transaction
//   GET /fortunes            the fortunes plus one, sorted, as an HTML table
//
// Usage: DB_FILE=world.db node node-db-server.js --port N [--hostname H]
// Prints "node: listening on http://HOST:PORT" once it accepts connections.
'use strict';

const http = require('http');
const Database = require('better-sqlite3');

function arg(name) {
  const i = process.argv.indexOf(name);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}
const port = Number(arg('--port') ?? 3000);
const hostname = arg('--hostname') ?? '127.0.0.1';

// The same settings as Spur's SQLite: WAL, synchronous=NORMAL, a busy timeout.
const db = new Database(process.env.DB_FILE);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const selectWorld = db.prepare('SELECT id, randomNumber FROM world WHERE id = ?');
const updateWorld = db.prepare('UPDATE world SET randomNumber = ? WHERE id = ?');
const selectFortunes = db.prepare('SELECT id, message FROM fortune');

const randomId = () => 1 + Math.floor(Math.random() * 10000);
function queriesOf(url) {
  const m = /[?&]queries=([^&]*)/.exec(url);
  const n = m ? parseInt(m[1], 10) : 1;
  return Number.isNaN(n) || n < 1 ? 1 : Math.min(n, 500);
}
const updateRows = db.transaction((n) => {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const row = selectWorld.get(randomId());
    row.randomNumber = randomId();
    updateWorld.run(row.randomNumber, row.id);
    rows.push(row);
  }
  return rows;
});
const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escape = (s) => s.replace(/[&<>"']/g, (c) => escapes[c]);

function send(res, type, body) {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
const json = (res, value) => send(res, 'application/json', JSON.stringify(value));

const server = http.createServer((req, res) => {
  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  if (path === '/db') return json(res, selectWorld.get(randomId()));
  if (path === '/queries') {
    const rows = [];
    for (let i = queriesOf(req.url); i > 0; i--) rows.push(selectWorld.get(randomId()));
    return json(res, rows);
  }
  if (path === '/updates') return json(res, updateRows(queriesOf(req.url)));
  if (path === '/fortunes') {
    const fortunes = selectFortunes.all();
    fortunes.push({ id: 0, message: 'Additional fortune added at request time.' });
    fortunes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    let html = '<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>' +
      '<tr><th>id</th><th>message</th></tr>';
    for (const f of fortunes) html += `<tr><td>${f.id}</td><td>${escape(f.message)}</td></tr>`;
    return send(res, 'text/html; charset=utf-8', html + '</table></body></html>');
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":"Not Found"}');
});

server.listen(port, hostname, () => {
  const a = server.address();
  console.log(`node: listening on http://${a.address}:${a.port}`);
});
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { db.close(); process.exit(0); });
