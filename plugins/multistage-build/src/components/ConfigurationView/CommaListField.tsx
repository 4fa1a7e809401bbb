import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';

/** A comma-separated field as a list: trimmed, without empties. */
export const commaList = (text: string) => text.split(',').map(p => p.trim()).filter(Boolean);

/**
 * A text field holding a list, typed comma-separated. It keeps the text as
 * typed (a trailing comma or space must stay while the next item is typed)
 * and hands out the list; a list changed elsewhere (discard, reload) replaces
 * the text.
 */
export function CommaListField(props: {
  id: string;
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  helperText: string;
  error?: boolean;
  placeholder?: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState(props.values.join(', '));
  const shown = props.values.join(', ');
  useEffect(() => {
    setText(current => (commaList(current).join(', ') === shown ? current : shown));
  }, [shown]);
  return (
    <TextField
      id={props.id}
      fullWidth
      margin="dense"
      label={props.label}
      value={text}
      placeholder={props.placeholder}
      disabled={props.disabled}
      error={props.error}
      helperText={props.helperText}
      onChange={e => {
        setText(e.target.value);
        props.onChange(commaList(e.target.value));
      }}
    />
  );
}
