/**
 * Serves the web portal's static build (`web/dist`) on 127.0.0.1, with the API URL injected as `/config.json` so the
 * same build works locally and behind CloudFront. Before the portal is built it serves a page naming the endpoints.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { listen } from './listen.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const placeholder = (apiUrl: string, mailboxUrl: string): string => `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Konkurs</title></head>
<body><h1>Konkurs</h1><p>API: <a href="${apiUrl}/health">${apiUrl}</a></p>
<p>Mailbox: <a href="${mailboxUrl}">${mailboxUrl}</a></p></body></html>`;

export const startPortal = async (options: {
  port: number;
  root: string;
  apiUrl: string;
  mailboxUrl: string;
}): Promise<{ server: Server; port: number }> => {
  const dist = resolve(options.root, 'web', 'dist');
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store', ...SECURITY_HEADERS });
      // The handlers of this process read OCDS_PREFIX too: the portal builds the same ocids (its default otherwise).
      const ocds = process.env.OCDS_PREFIX ? { ocidPrefix: process.env.OCDS_PREFIX } : {};
      response.end(JSON.stringify({ apiUrl: options.apiUrl, mailboxUrl: options.mailboxUrl, auth: 'dev', ...ocds }));
      return;
    }
    if (!existsSync(join(dist, 'index.html'))) {
      response.writeHead(200, { 'content-type': TYPES['.html']!, ...SECURITY_HEADERS });
      response.end(placeholder(options.apiUrl, options.mailboxUrl));
      return;
    }
    const candidate = normalize(join(dist, path));
    // Unknown paths are client-side routes of the single-page app.
    const file =
      candidate.startsWith(dist) && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(dist, 'index.html');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = file.includes(`${join(dist, 'assets')}`);
    response.writeHead(200, {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    response.end(readFileSync(file));
  });
  return listen(server, options.port, 'KONKURS_PORTAL_PORT');
};
