// A point in time in a rollout spec or a window: the API's ISO 8601 instant
// (@hitless/api-contract), or a Date already parsed (a spec parsed again before it was ever serialised).
import { INSTANT_RANGE_RULE, inInstantRange, isoInstantSchema } from '@hitless/api-contract';
import { z } from 'zod';

export const instantSchema = z.union([z.date().refine(inInstantRange, INSTANT_RANGE_RULE), isoInstantSchema]);
