import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { fleetWindows, type FleetWindow } from '@stagecraft/plugin-multistage-build-common';

/** The window every figure, chart and table column covers: whole UTC days ending today. */
export function WindowSelect(props: { value: FleetWindow; onChange: (days: FleetWindow) => void }) {
  return (
    <TextField
      select
      label="Window"
      value={props.value}
      onChange={e => props.onChange(Number(e.target.value) as FleetWindow)}
      style={{ minWidth: 160 }}
      inputProps={{ 'aria-label': 'Window' }}
    >
      {fleetWindows.map(days => (
        <MenuItem key={days} value={days}>
          Last {days} days
        </MenuItem>
      ))}
    </TextField>
  );
}
