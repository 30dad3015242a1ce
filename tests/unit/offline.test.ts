import { describe, expect, test } from 'vitest';
import { NOT_PRECACHED, pageUrlsTransform, precacheUrl, pwaOptions } from '../../src/offline/precache.mjs';
import { bannerWords } from '../../src/offline/update-banner';
import { CACHE_PREFIX } from '../../src/widgets/shared/format';

describe('what the service worker precaches', () => {
  test('pages are precached by the directory URLs readers use (trailingSlash: always), other files by their path', () => {
    expect(precacheUrl('index.html')).toBe('./');
    expect(precacheUrl('lessons/degradation/index.html')).toBe('lessons/degradation/');
    expect(precacheUrl('courses/example/print/index.html')).toBe('courses/example/print/');
    expect(precacheUrl('_astro/worker-abc.js')).toBe('_astro/worker-abc.js');
    expect(precacheUrl('data/fashion-mnist/train-images-idx3-ubyte.gz')).toBe('data/fashion-mnist/train-images-idx3-ubyte.gz');
    // Only a file named exactly index.html is a page's directory.
    expect(precacheUrl('data/not-index.html')).toBe('data/not-index.html');
  });

  test('the manifest transform keeps every entry and its revision', async () => {
    const entries = [
      { url: 'index.html', revision: 'a', size: 1 },
      { url: 'catalog/index.html', revision: 'b', size: 2 },
      { url: '_astro/x.js', revision: null, size: 3 },
    ];
    const { manifest } = await pageUrlsTransform(entries);
    expect(manifest).toEqual([
      { url: './', revision: 'a', size: 1 },
      { url: 'catalog/', revision: 'b', size: 2 },
      { url: '_astro/x.js', revision: null, size: 3 },
    ]);
  });

  test('the ResNet-50 shards and labels are left to the classifier’s own cache, but its weights manifest is precached', () => {
    expect(NOT_PRECACHED).toContain('weights/**/*.bin');
    expect(NOT_PRECACHED).toContain('weights/**/labels.json');
    expect(NOT_PRECACHED.some((g) => g.includes('manifest.json'))).toBe(false);
  });

  test('updates wait for the reader, old precaches are cleaned up, and no navigation falls back to another page', () => {
    const options = pwaOptions({ outDir: '/tmp/out' });
    expect(options.registerType).toBe('prompt');
    expect(options.outDir).toBe('/tmp/out');
    expect(options.workbox?.skipWaiting).toBe(false);
    expect(options.workbox?.cleanupOutdatedCaches).toBe(true);
    expect(options.workbox?.navigateFallback).toBeNull();
    // No runtime route: the classifier's weight requests pass through the worker untouched.
    expect(options.workbox?.runtimeCaching ?? []).toEqual([]);
  });

  test('Workbox’s clean-up of outdated precaches cannot take the classifier’s weights cache', () => {
    // workbox-precaching's deleteOutdatedCaches deletes caches whose names contain '-precache-' (and the scope).
    expect(CACHE_PREFIX).not.toContain('-precache-');
  });

  test('a shared experiment link (settings in the query) finds its page in the precache', () => {
    const ignored = pwaOptions({ outDir: 'dist' }).workbox?.ignoreURLParametersMatching ?? [];
    expect(ignored.some((re) => re.test('lab.depth'))).toBe(true);
  });
});

describe('the new-version banner', () => {
  test('speaks the page’s language: Simplified Chinese for zh pages, English otherwise', () => {
    expect(bannerWords('zh-CN').reload).toBe('重新加载');
    expect(bannerWords('zh-Hans').reload).toBe('重新加载');
    expect(bannerWords('en').reload).toBe('Reload');
    expect(bannerWords('').text).toMatch(/new version/);
    expect(bannerWords(null).text).toMatch(/new version/);
  });
});
