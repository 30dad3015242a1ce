// @ts-check
/**
 * What the service worker precaches, and how: the options handed to @vite-pwa/astro (Workbox `generateSW`).
 *
 * Everything the build writes is precached by glob, so a new lesson, widget chunk, font or data file is picked up
 * without a list to keep. Left out: the ResNet-50 weight shards and labels (26 MB), which the classifier caches on
 * first use in its own Cache Storage (src/widgets/shared/weights-cache.ts) — precaching them would make
 * every visitor download 26 MB once, whether or not they open the classifier. The weights' manifest.json (35 kB) IS
 * precached: the classifier fetches it on every load to name its cache, so offline it must come from somewhere.
 */

/** Files of the build that are not precached (globs relative to the output folder). */
export const NOT_PRECACHED = [
  'weights/**/*.bin', // cached on first use by the classifier, under its own cache name
  'weights/**/labels.json', // likewise (read through the same cache as the shards)
  '404.html', // only useful from the server; offline a missing page is a browser error, not "not found"
  '_astro/KaTeX_*.{woff,ttf}', // every browser with service workers reads the woff2 copies (saves 0.8 MB)
  // Left in the output folder by Astro's content layer; no page loads them.
  'collections/**',
  'content-assets.mjs',
  'content-modules.mjs',
];

/**
 * The largest file the precache takes. Workbox skips larger files with only a build warning, which would silently
 * break offline use, so this is set just above the largest file we ship: Fashion-MNIST's training images
 * (train-images-idx3-ubyte.gz, 4.39 MB). The offline e2e test checks that every file of the build but NOT_PRECACHED
 * is in the precache, so a larger new file fails a test instead of going missing.
 */
export const MAX_PRECACHED_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Precache URL of one emitted file, relative to the service worker's folder (the site's base). Pages are asked for by
 * their directory URL (`trailingSlash: 'always'`), so `lessons/x/index.html` is precached as `lessons/x/`; the
 * landing page `index.html` as `./`. Everything else keeps its path.
 * @param {string} file a path inside the output folder, with forward slashes
 * @returns {string}
 */
export function precacheUrl(file) {
  if (file === 'index.html') return './';
  if (file.endsWith('/index.html')) return file.slice(0, -'index.html'.length);
  return file;
}

/**
 * Workbox manifest transform: page files to their directory URLs (see `precacheUrl`).
 * @param {Array<{ url: string, revision: string | null, size: number }>} entries
 */
export async function pageUrlsTransform(entries) {
  return { manifest: entries.map((e) => ({ ...e, url: precacheUrl(e.url) })), warnings: [] };
}

/**
 * Options for @vite-pwa/astro. `outDir` is the site's output folder (absolute, or relative to the project): given
 * explicitly because the plugin otherwise reads it from a Vite build whose outDir is not the site's, and finds no files.
 * @param {{ outDir: string }} site
 * @returns {import('@vite-pwa/astro').PwaOptions}
 */
export const pwaOptions = ({ outDir }) => ({
  outDir,
  strategies: 'generateSW',
  // A new build waits until the reader chooses to reload (src/offline/register.ts shows the banner): a page never
  // swaps its scripts under a running experiment.
  registerType: 'prompt',
  injectRegister: false, // src/offline/register.ts registers it, on every page
  manifest: false, // no install prompt / icons: offline reading is the point, not an app
  workbox: {
    globPatterns: ['**/*'],
    globIgnores: NOT_PRECACHED,
    maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
    manifestTransforms: [pageUrlsTransform],
    // Shared experiment links carry settings in the query (`?lab.depth=20`): the page is the same file.
    ignoreURLParametersMatching: [/.*/],
    // No navigation fallback: an unknown page should fail as unknown, not show the landing page.
    navigateFallback: null,
    cleanupOutdatedCaches: true,
    // The first install takes the open page at once, so it works offline without a reload. Later versions wait
    // (prompt above), so this never swaps a running page's assets.
    clientsClaim: true,
    skipWaiting: false,
  },
});
