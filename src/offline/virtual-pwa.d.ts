// Types of `virtual:pwa-register` (vite-plugin-pwa's vanilla registration module), used by register.ts.
/// <reference types="vite-plugin-pwa/vanillajs" />
