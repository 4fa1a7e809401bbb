import { WarningPanel } from '@backstage/core-components';
import type { ParseError } from '@stagecraft/plugin-multistage-build-common';

/** Parse errors with their lines; BuildKit would refuse the file. */
export function ParseErrorList(props: { path: string; errors: ParseError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <WarningPanel severity="error" title={`${props.path} does not parse`} defaultExpanded>
      <ul>
        {props.errors.map(e => (
          <li key={`${e.line}:${e.message}`}>
            line {e.line}
            {e.endLine && e.endLine !== e.line ? `–${e.endLine}` : ''}: {e.message}
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
