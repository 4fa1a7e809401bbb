import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/** Validates with zod; failures become an InputError (400) naming each field: `body.target: ...`. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`)
      .join('; ');
    throw new InputError(issues);
  }
  return result.data;
}
