import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** A choice of stage by name, with an empty choice first (the last stage, the saved target, …). */
export function TargetSelect(props: {
  label: string;
  /** The empty choice's label. */
  empty: string;
  targets: string[];
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  helperText?: string;
  error?: boolean;
  fullWidth?: boolean;
}) {
  return (
    <TextField
      select
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      fullWidth={props.fullWidth}
      margin={props.fullWidth ? 'normal' : undefined}
      style={props.fullWidth ? undefined : { minWidth: 180 }}
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value || null)}
      helperText={props.helperText}
      error={props.error}
      inputProps={{ 'aria-label': props.label }}
    >
      <MenuItem value="">{props.empty}</MenuItem>
      {props.targets.map(name => (
        <MenuItem key={name} value={name}>
          {name}
        </MenuItem>
      ))}
    </TextField>
  );
}
