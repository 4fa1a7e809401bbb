import { makeValidator } from '@backstage/catalog-model';
import { z } from 'zod';

const validator = makeValidator();

/**
 * `:kind/:namespace/:name` in a route, checked with the catalog's own rules
 * before the catalog is asked: a name like `a%00b` gets a 400 that names the
 * field, not the catalog's bare "Request failed with 400".
 */
export const entityParams = z.object({
  kind: z.string().refine(v => validator.isValidKind(v), v => ({ message: `${JSON.stringify(v)} is not a valid entity kind` })),
  namespace: z
    .string()
    .refine(v => validator.isValidNamespace(v), v => ({ message: `${JSON.stringify(v)} is not a valid namespace` })),
  name: z.string().refine(v => validator.isValidEntityName(v), v => ({ message: `${JSON.stringify(v)} is not a valid entity name` })),
});
