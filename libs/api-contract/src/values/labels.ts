// Host labels: the Kubernetes-like subset that is safe in URLs, logs and selectors.
import { z } from 'zod';

const LABEL_KEY = /^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

export const labelsSchema = z
  .record(z.string().regex(LABEL_KEY, 'label keys are lower-case letters, digits, ".", "_", "/", "-"'), z.string().regex(LABEL_VALUE, 'label values are letters, digits, ".", "_", "-"'))
  .refine((labels) => Object.keys(labels).length <= 64, 'at most 64 labels');

export type Labels = z.infer<typeof labelsSchema>;

/** `env=prod,region=eu` as a query parameter. */
export const labelQuerySchema = z
  .string()
  .transform((text, ctx) => {
    const labels: Record<string, string> = {};
    for (const pair of text.split(',')) {
      const [key, value, extra] = pair.split('=');
      if (value === undefined || extra !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${pair}' is not key=value` });
        return z.NEVER;
      }
      labels[key] = value;
    }
    return labels;
  })
  .pipe(labelsSchema);
