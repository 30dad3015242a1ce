// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import remarkCells from './src/lib/remark-cells.mjs';
import AstroPWA from '@vite-pwa/astro';
import { pwaOptions } from './src/offline/precache.mjs';

/** Deploy under a sub-path (e.g. GitHub Pages project sites): BASE_PATH=/ml101/ npm run build */
const base = process.env.BASE_PATH || '/';
// Parallel builds on one machine (e.g. two test runs) can each use their own folder: OUT_DIR=/tmp/site-a
const outDir = process.env.OUT_DIR || './dist';

/** Cross-origin isolation lets the wasm backend use its threaded build; every asset is same-origin, so it costs nothing. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base,
  outDir,
  trailingSlash: 'always',
  server: { headers: isolationHeaders },
  markdown: {
    remarkPlugins: [remarkMath, remarkCells],
    rehypePlugins: [rehypeKatex],
  },
  integrations: [
    starlight({
      // Per language (keys are the locales' lang tags): the header, the <title> suffix and the search's site name.
      title: { en: 'Residual Networks, Run Live', 'zh-CN': '残差网络，在浏览器中运行' },
      description: 'Learn ResNet and ResNeXt by running them in your browser.',
      customCss: ['./src/styles/site.css', './src/styles/widgets.css'],
      pagefind: true,
      lastUpdated: false,
      sidebar: [{ label: 'Home', link: '/' }],
      // English at the root (/lessons/x/), Simplified Chinese under /zh-cn/ (src/i18n/locales.ts, docs/i18n.md).
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
    }),
    // Offline after one visit: a Workbox service worker precaching the whole build (src/offline/precache.mjs) ...
    AstroPWA(pwaOptions({ outDir })),
    // ... registered, with its "new version" banner, on every page (Starlight's and the print pages alike).
    // Astro's content layer leaves its module maps in the output folder; no page loads them, and the image map imports
    // a source path (the landing page's hero image) that does not exist in the build: not ours to deploy.
    {
      name: 'drop-content-layer-maps',
      hooks: {
        'astro:build:done': async ({ dir }) => {
          for (const file of ['content-assets.mjs', 'content-modules.mjs']) await rm(new URL(file, dir), { force: true });
        },
      },
    },
    {
      name: 'offline-registration',
      hooks: { 'astro:config:setup': ({ injectScript }) => injectScript('page', "import '/src/offline/register.ts';") },
    },
  ],
  vite: {
    resolve: {
      alias: [{ find: /^node-fetch$/, replacement: fileURLToPath(new URL('./src/shims/empty.js', import.meta.url)) }],
    },
    preview: { headers: isolationHeaders },
    // NO_MINIFY=1 keeps the bundles' function names, so that a CPU profile of the page reads (README, benchmarks).
    build: { chunkSizeWarningLimit: 4096, minify: process.env.NO_MINIFY ? false : undefined },
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  },
});
