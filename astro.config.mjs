// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { fileURLToPath } from 'node:url';
import remarkCells from './src/lib/remark-cells.mjs';

/** Deploy under a sub-path (e.g. GitHub Pages project sites): BASE_PATH=/ml101/ npm run build */
const base = process.env.BASE_PATH || '/';

/** Cross-origin isolation lets the wasm backend use its threaded build; every asset is same-origin, so it costs nothing. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base,
  // Parallel builds on one machine (e.g. two test runs) can each use their own folder: OUT_DIR=/tmp/site-a
  outDir: process.env.OUT_DIR || './dist',
  trailingSlash: 'always',
  server: { headers: isolationHeaders },
  markdown: {
    remarkPlugins: [remarkMath, remarkCells],
    rehypePlugins: [rehypeKatex],
  },
  integrations: [
    starlight({
      title: 'Residual Networks, Run Live',
      description: 'Learn ResNet and ResNeXt by running them in your browser.',
      customCss: ['./src/styles/site.css', './src/styles/widgets.css'],
      pagefind: true,
      lastUpdated: false,
      sidebar: [{ label: 'Home', link: '/' }],
    }),
  ],
  vite: {
    resolve: {
      alias: [{ find: /^node-fetch$/, replacement: fileURLToPath(new URL('./src/shims/empty.js', import.meta.url)) }],
    },
    preview: { headers: isolationHeaders },
    build: { chunkSizeWarningLimit: 4096 },
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  },
});
