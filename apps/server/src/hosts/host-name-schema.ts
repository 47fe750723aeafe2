// A host name as the API takes it in paths, queries and cursors: the rule
// enrolment enforces (@hitless/pki), so anything else names no host.
import { isValidHostName } from '@hitless/pki';
import { z } from 'zod';

export const hostNameSchema = z.string().refine(isValidHostName, 'is not a host name').describe('a host name: lowercase DNS labels, at most 253 characters');
