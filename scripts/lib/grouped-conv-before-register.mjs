// `node --import tsx --import ./scripts/lib/grouped-conv-before-register.mjs …`: run with the grouped conv as it was.
import { register } from 'node:module';

register('./grouped-conv-before-hooks.mjs', import.meta.url);
