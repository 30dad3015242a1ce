/**
 * Registers the service worker that makes the site work offline after one visit (built by @vite-pwa/astro from
 * precache.mjs) and announces new versions. Loaded on every page by the `offline-registration` integration in
 * astro.config.mjs; it imports no TensorFlow.js, only workbox-window (a few kB, loaded lazily).
 *
 * Where service workers are unavailable (plain http on another host, some private modes, old browsers) it does
 * nothing and the site works online as before. In `astro dev` the virtual module is a no-op.
 */
import { registerSW } from 'virtual:pwa-register';
import { showUpdateBanner } from './update-banner';

/** Reloads once the waiting version controls this page (it does so as soon as it has activated). */
function reloadWhenNewVersionControls(): void {
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
}

if ('serviceWorker' in navigator) {
  const activateWaitingVersion = registerSW({
    // A new build is installed and waiting: offer to reload.
    onNeedRefresh: () =>
      void showUpdateBanner(document, () => {
        reloadWhenNewVersionControls();
        return activateWaitingVersion();
      }),
    // The plugin would reload only pages that were controlled when they loaded; a first-visit page (taken over by
    // clients.claim) would stay on the old version after the reader pressed Reload. We reload on controllerchange.
    onNeedReload: () => {},
    onRegisterError: (err: unknown) => console.warn('Offline reading is unavailable here: the service worker did not register.', err),
  });
}
