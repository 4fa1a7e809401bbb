/** Text made literal inside a regular expression: `a.b` matches only `a.b`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
