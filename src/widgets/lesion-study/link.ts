/** The study's setting in a link: which net the live run re-measures, `?lesion-study.net=plain`. */
import type { ShareOptions } from '../shared/share-link';
import { NETS } from './series';

const SCHEMA = { net: { kind: 'enum', values: NETS } } as const;

export const LESION_LINK: ShareOptions<typeof SCHEMA> = { schema: SCHEMA };
