import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const web = resolve(import.meta.dirname, 'src/web');

/**
 * The console's page links MapLibre (a chunk of its own, imported when the console starts) for
 * preloading: the browser fetches and reads it beside the console's code rather than after it.
 */
function preloadMapLibre(): Plugin {
  return {
    name: 'corridor-preload-maplibre',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.filename.endsWith('index.html')) return;
        const chunk = Object.values(ctx.bundle).find(
          (c) => c.type === 'chunk' && c.isDynamicEntry && c.facadeModuleId?.includes('maplibre-gl.mjs'),
        );
        if (!chunk) throw new Error('the MapLibre chunk is missing from the build');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

/**
 * The console (index.html) and the checkpoint tally (tally.html) are two pages of one build, so the
 * tally on a phone loads no map code; the service worker is built to a fixed /sw.js so that its scope
 * is the whole site.
 */
export default defineConfig(({ command }) => ({
  root: web,
  plugins: [preloadMapLibre()],
  base: '/',
  publicDir: resolve(web, 'public'),
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        console: resolve(web, 'index.html'),
        tally: resolve(web, 'tally.html'),
        sw: resolve(web, 'sw/sw.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // React's production build, whatever NODE_ENV the shell has (unset, it gave the development one).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
}));
