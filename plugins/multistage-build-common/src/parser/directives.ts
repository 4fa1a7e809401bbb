/*
 * Parser directives (`# syntax=`, `# escape=`, `# check=`), after BuildKit's
 * DirectiveParser: they count only at the very top of the file, before any
 * other comment, blank line or instruction, and each at most once.
 */
import type { ParserDirective } from './types';

const directivePattern = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const directiveNames = new Set(['syntax', 'escape', 'check']);

/** Reads a directive-shaped comment line; undefined when it is none. */
export function directiveIn(
  text: string,
  line: number,
): ParserDirective | undefined {
  const match = directivePattern.exec(text);
  if (!match) return undefined;
  const name = match[1].toLowerCase();
  if (!directiveNames.has(name)) return undefined;
  return { name: name as ParserDirective['name'], value: match[2], line };
}

export class DirectiveReader {
  private done = false;
  readonly found: ParserDirective[] = [];

  /** True once a line that is no directive has been read: later lines cannot be directives. */
  get isDone(): boolean {
    return this.done;
  }

  /** Feeds the next raw line; returns an error message for a repeated directive. */
  read(text: string, line: number): string | undefined {
    if (this.done) return undefined;
    const directive = directiveIn(text, line);
    if (!directive) {
      this.done = true;
      return undefined;
    }
    if (this.found.some(d => d.name === directive.name)) {
      return `only one ${directive.name} parser directive can be used`;
    }
    this.found.push(directive);
    return undefined;
  }
}
