/**
 * Which form field a 400 from the configuration API is about: its message
 * starts with the field's path, e.g. `body.config.buildArgs: …`.
 */
export function fieldOfError(message: string): string | undefined {
  const match = /^body\.config\.([A-Za-z]+)/.exec(message);
  return match?.[1];
}
