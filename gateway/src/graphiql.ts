// GraphiQL, served by the gateway itself: GET <graphql endpoint> from a browser gets the page, and
// every asset it loads (script, styles, Monaco's editor workers, favicon) comes from
// /graphiql/… on the same origin, so it works with no internet access and under a strict
// Content-Security-Policy. Yoga's built-in page loads all of them from unpkg.com and
// raw.githubusercontent.com at run time and leaves a `Loading __TITLE__...` placeholder unfilled.
//
// The assets are the build of GraphiQL that graphql-yoga's own page uses, taken from the
// installed @graphql-yoga/render-graphiql package (no dependencies, Node >= 18), which carries
// them as strings. @graphql-yoga/graphiql ships the same build as files, but installs GraphiQL,
// React, Monaco and graphql 17 (Node >= 22) as dependencies of its prebuilt bundle.
import { createHash } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** Where the assets live on the gateway. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

/**
 * What the page may load. Scripts, workers and requests: this origin only (no inline script, no
 * eval). Inline styles stay allowed: Monaco and GraphiQL write <style> elements and style=""
 * attributes at run time, without a nonce (hundreds of violations otherwise). Fonts and icons in
 * GraphiQL's stylesheet are data: URLs.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Asset names carry a hash of their content, so a browser may keep them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

interface GraphiQLAssets {
  /** Asset path (under GRAPHIQL_ASSET_PREFIX) → asset. */
  byPath: Map<string, Asset>;
  script: string;
  stylesheet: string;
  start: string;
  favicon: string;
}

function addAsset(byPath: Map<string, Asset>, name: string, extension: string, contentType: string, body: Uint8Array<ArrayBuffer>): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const path = `${GRAPHIQL_ASSET_PREFIX}${name}.${hash}.${extension}`;
  byPath.set(path, { body, contentType });
  return path;
}

/** The favicon ships as a data: URL; served as a file, like everything else. */
function decodeDataUrl(dataUrl: string): { contentType: string; body: Uint8Array<ArrayBuffer> } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(dataUrl);
  if (!match) throw new Error('@graphql-yoga/render-graphiql: the favicon is not a base64 data: URL');
  return { contentType: match[1]!, body: Buffer.from(match[2]!, 'base64') };
}

async function loadAssets(): Promise<GraphiQLAssets> {
  // ~9 MB of strings: loaded on the first GraphiQL request, not at gateway start.
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const byPath = new Map<string, Asset>();
  const javascript = 'text/javascript; charset=utf-8';
  const add = (name: string, extension: string, contentType: string, text: string) => addAsset(byPath, name, extension, contentType, Buffer.from(text));
  const workers = {
    editorWorkerService: add('editor.worker', 'js', javascript, bundle.editorWorkerService),
    json: add('json.worker', 'js', javascript, bundle.jsonWorker),
    graphql: add('graphql.worker', 'js', javascript, bundle.graphqlWorker),
  };
  const icon = decodeDataUrl(bundle.favicon);
  return {
    byPath,
    script: add('yoga-graphiql', 'js', javascript, bundle.js),
    stylesheet: add('graphiql', 'css', 'text/css; charset=utf-8', bundle.css),
    start: add('start', 'js', javascript, startScript(workers)),
    favicon: addAsset(byPath, 'favicon', 'ico', icon.contentType, icon.body),
  };
}

/**
 * The page's own script, external so the CSP needs no inline script: Monaco starts its workers
 * from these same-origin files (yoga's page turns fetched copies into blob: URLs), and GraphiQL
 * renders, once the bundle after it has run, with the options in the page's JSON data block.
 */
function startScript(workerUrls: Record<string, string>): string {
  return `'use strict';
(() => {
  const workerUrls = ${JSON.stringify(workerUrls)};
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workerUrls[label] };
  document.addEventListener('DOMContentLoaded', () => {
    const options = JSON.parse(document.getElementById('graphiql-options').textContent);
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  });
})();
`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside <script type="application/json">: no `<`, so nothing in it can close the element. */
const jsonForScriptElement = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export interface GraphiQLPageOptions {
  title: string;
  graphqlEndpoint: string;
}

/** The first tab's text: Yoga's default welcome reads "<title> is an in-browser tool…". */
const defaultQuery = (title: string) => `# ${title}. Paste an example from the README ("Try it"), or type:
# Ctrl-Space completes, Ctrl-Enter runs.
{
  products(first: 3) { edges { node { sku name price } } }
}
`;

export function renderGraphiQLPage(assets: GraphiQLAssets, options: GraphiQLPageOptions): string {
  const title = escapeHtml(options.title);
  const graphiqlOptions = { title: options.title, endpoint: options.graphqlEndpoint, defaultQuery: defaultQuery(options.title) };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="${assets.favicon}" />
    <link rel="stylesheet" href="${assets.stylesheet}" />
    <script type="application/json" id="graphiql-options">${jsonForScriptElement(graphiqlOptions)}</script>
    <script src="${assets.start}"></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root">Loading ${title}…</div>
    <script src="${assets.script}"></script>
  </body>
</html>
`;
}

/** Yoga's rule for "a browser wants the page": a GET that accepts HTML. */
const wantsHtml = (request: Request) => request.headers.get('accept')?.includes('text/html') ?? false;

/**
 * Serves the GraphiQL page on GET `graphqlEndpoint` (and `graphqlEndpoint/`) from a browser, and
 * its assets under GRAPHIQL_ASSET_PREFIX. Takes the place of Yoga's page: give the runtime
 * `graphiql: false`. Any other request, POST /graphql above all, passes after one method check.
 */
export function useGraphiQLPage(options: GraphiQLPageOptions): GatewayPlugin {
  let assets: Promise<GraphiQLAssets> | undefined;
  let page: string | undefined;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      const { pathname } = url;
      const isPage = (pathname === options.graphqlEndpoint || pathname === `${options.graphqlEndpoint}/`) && wantsHtml(request);
      if (!isPage && !pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return;
      assets ??= loadAssets();
      return assets.then((loaded) => {
        if (isPage) {
          page ??= renderGraphiQLPage(loaded, options);
          endResponse(
            new fetchAPI.Response(page, {
              headers: {
                'content-type': 'text/html; charset=utf-8',
                'cache-control': 'no-cache',
                'content-security-policy': GRAPHIQL_CONTENT_SECURITY_POLICY,
                'x-content-type-options': 'nosniff',
                'referrer-policy': 'no-referrer',
              },
            }),
          );
          return;
        }
        const asset = loaded.byPath.get(pathname);
        if (!asset) return; // not ours: the runtime answers 404
        endResponse(
          new fetchAPI.Response(asset.body, {
            headers: { 'content-type': asset.contentType, 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' },
          }),
        );
      });
    },
  };
}
