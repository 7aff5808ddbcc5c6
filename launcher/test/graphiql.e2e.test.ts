// The README's "open http://localhost:4000/graphql in a browser for GraphiQL", done in a real
// browser on a fresh `npm start`: the page and everything it loads come from the gateway (no CDN,
// so it works with no internet and under its Content-Security-Policy), a README example pasted in
// runs, and the answer shows on the page. Writes the screenshot docs/graphiql.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningBrowser } from '@retail/test-support/browser';
import { gql } from '@retail/test-support/graphql';
import { ctrlC, killAllStarted, npmStart, PROJECT_ROOT, type StartedProduct } from '@retail/test-support/npmStart';
import { readmeExamples } from '@retail/test-support/readme';

const catalogSearch = readmeExamples().find((e) => e.query.includes('products(search:'))?.query;
const SCREENSHOT = join(PROJECT_ROOT, 'docs', 'graphiql.png');
/** An unfilled template variable such as Yoga's `__TITLE__`. */
const PLACEHOLDER = /__[A-Z][A-Z_]*__/;

const dataDir = mkdtempSync(join(tmpdir(), 'retail-graphiql-'));
let product: StartedProduct;
let browser: RunningBrowser | undefined;

beforeAll(async () => {
  product = await npmStart(dataDir);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (product) await ctrlC(product);
  killAllStarted();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('GraphiQL on npm start', () => {
  it('is served by the gateway: a filled-in page, local assets with their types and caching, a CSP', async () => {
    const response = await fetch(product.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(PLACEHOLDER);
    expect(html).toContain('<title>Retail personalization graph</title>');
    expect(html).not.toMatch(/\b(https?:)?\/\/[a-z]/i); // no URL with a host: every asset is on the gateway
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';"); // no inline script, no eval

    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(4); // favicon, stylesheet, start script, GraphiQL bundle
    const expectedType: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', ico: 'image/x-icon' };
    for (const path of assets) {
      expect(path).toMatch(/^\/graphiql\/[\w.-]+\.[0-9a-f]{16}\.(js|css|ico)$/);
      const asset = await fetch(new URL(path, product.url));
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('content-type'), path).toBe(expectedType[path.split('.').pop()!]);
      expect(asset.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect((await asset.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
    expect((await fetch(new URL('/graphiql/yoga-graphiql.0000000000000000.js', product.url))).status).toBe(404);
    // GraphQL over GET and POST still answers on the same path.
    expect(await (await fetch(`${product.url}?query=%7B__typename%7D`)).json()).toEqual({ data: { __typename: 'Query' } });
    expect(await gql(product.url, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('runs the README catalog search in Chromium and shows the answer, requesting nothing but localhost', async () => {
    expect(catalogSearch, 'the README has a catalog search example').toBeDefined();
    const direct = await gql(product.url, catalogSearch!);
    expect(direct.errors).toBeUndefined();
    const firstName: string = direct.data!.products.edges[0].node.name;

    browser = await launchChromium({ viewport: { width: 1920, height: 1000 } });
    const origin = `http://localhost:${product.port}`;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const requested: string[] = [];
    const failed: string[] = [];
    browser.context.on('request', (request) => requested.push(request.url()));
    browser.context.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { cspViolations: violations });
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });

    await page.goto(`${origin}/graphql`);
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
      throw new Error(`GraphiQL did not render (${error.message}). The page shows ${JSON.stringify(await page.locator('body').innerText())}; it requested ${requested.join(', ')}`);
    });
    expect(await page.title()).toBe('Retail personalization graph');

    // Paste the README's example over the default text, as the README says, and run it.
    await editor.click();
    await page.evaluate((text) => navigator.clipboard.writeText(text), catalogSearch!);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    // GraphiQL takes the edit into its state (and storage) after a debounce: run once it has.
    await page.waitForFunction((text) => localStorage.getItem('graphiql:query') === text, catalogSearch!);
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForFunction(
      (name) => (document.querySelector('.graphiql-response')?.textContent ?? '').replace(/\u00a0/g, ' ').includes(`"name": "${name}"`),
      firstName,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: SCREENSHOT });

    const response = (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
    expect(response).toContain('"products"');
    expect(response).not.toContain('"errors"');
    expect(await page.content()).not.toMatch(PLACEHOLDER);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failed).toEqual([]);
    // Everything came from the gateway, the editor's workers included.
    expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    for (const worker of ['editor.worker', 'json.worker', 'graphql.worker']) expect(requested.some((url) => url.startsWith(`${origin}/graphiql/${worker}.`)), worker).toBe(true);
  }, 180_000);
});
