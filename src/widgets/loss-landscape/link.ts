/**
 * The landscape's settings in a link, `?loss-landscape.depth=20&loss-landscape.grid=21&loss-landscape.seed=2`. "Your
 * network" is not linkable: it lives in one reader's browser, so a link naming it would mean nothing to another.
 */
import type { ShareOptions } from '../shared/share-link';
import { DEPTHS, GRID_RANGE, SEED_RANGE, SPANS } from './series';

/** The grid sizes the form accepts: odd, so the trained weights sit on the centre point. */
const GRIDS = Array.from({ length: (GRID_RANGE.max - GRID_RANGE.min) / 2 + 1 }, (_, i) => GRID_RANGE.min + 2 * i);

const SCHEMA = {
  nets: { kind: 'enum', values: ['both', 'residual', 'plain'] },
  depth: { kind: 'int', values: DEPTHS },
  grid: { kind: 'int', values: GRIDS },
  span: { kind: 'enum', values: SPANS.map(String) },
  seed: { kind: 'int', min: SEED_RANGE.min, max: SEED_RANGE.max },
} as const;

export const LANDSCAPE_LINK: ShareOptions<typeof SCHEMA> = { schema: SCHEMA };
