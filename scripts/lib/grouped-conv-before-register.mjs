// `node --import tsx --import ./scripts/lib/grouped-conv-before-register.mjs …`: run with the grouped conv as it was.
// module.register, not the newer module.registerHooks, which Node 20 (the version this project runs on) lacks.
import { register } from 'node:module';

register('./grouped-conv-before-hooks.mjs', import.meta.url);
