/**
 * Registers the service worker that makes the site work offline after one visit (built by @vite-pwa/astro from
 * precache.mjs) and announces new versions. Loaded on every page by the `offlineRegistration` integration in
 * astro.config.mjs; it imports no TensorFlow.js, only workbox-window (a few kB, loaded lazily).
 *
 * Where service workers are unavailable (plain http on another host, some private modes, old browsers) it does
 * nothing and the site works online as before. In `astro dev` the virtual module is a no-op.
 */
import { registerSW } from 'virtual:pwa-register';
import { showUpdateBanner } from './update-banner';
import './update-banner.css';

if ('serviceWorker' in navigator) {
  const activateWaitingVersion = registerSW({
    // A new build is installed and waiting: offer to reload; the page reloads once it has taken over.
    onNeedRefresh: () => void showUpdateBanner(document, () => activateWaitingVersion()),
    onRegisterError: (err: unknown) => console.warn('Offline reading is unavailable here: the service worker did not register.', err),
  });
}
