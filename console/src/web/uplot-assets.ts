import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: { js: string; css: string } | null = null;

/**
 * uPlot's minified browser build and stylesheet, which the console serves itself (no CDN) for
 * the site page's charts. Read from the `uplot` package once, on first use; the esbuild bundle
 * has no node_modules beside it, so scripts/bundle.ts replaces this module with one that returns
 * the same text, read at bundle time.
 * @example
 * root.get('/ui/uplot.min.js', (c) => c.body(uplotAssets().js, 200, { 'content-type': 'text/javascript' }));
 */
export function uplotAssets(): { js: string; css: string } {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    cached = { js: read('uPlot.iife.min.js'), css: read('uPlot.min.css') };
  }
  return cached;
}
