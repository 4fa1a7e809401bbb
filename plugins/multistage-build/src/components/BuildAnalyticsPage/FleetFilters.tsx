import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { FleetFacets } from '@stagecraft/plugin-multistage-build-common';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import type { FleetFilterName } from './fleetSearchParams';

const facetOf: Record<Exclude<FleetFilterName, 'state'>, { label: string; values: keyof FleetFacets }> = {
  owner: { label: 'Owner', values: 'owners' },
  system: { label: 'System', values: 'systems' },
  lifecycle: { label: 'Lifecycle', values: 'lifecycles' },
  kind: { label: 'Kind', values: 'kinds' },
  type: { label: 'Type', values: 'types' },
};

const states = [
  { value: 'never-built', label: 'never built' },
  { value: 'failing', label: 'failing (last build failed)' },
];

function FilterSelect(props: { label: string; value: string; options: { value: string; label: string }[]; onChange: (value: string) => void }) {
  // A value from a shared link that the facets no longer list stays selectable, rather than a blank select.
  const options = props.value && !props.options.some(o => o.value === props.value) ? [...props.options, { value: props.value, label: props.value }] : props.options;
  return (
    <TextField
      select
      // The visible select (a div with role button) carries the filter's name, for tests and scripts.
      SelectProps={{ displayEmpty: true, SelectDisplayProps: { 'data-filter': props.label } as object }}
      InputLabelProps={{ shrink: true }}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 140 }}
      inputProps={{ 'aria-label': `Filter by ${props.label.toLowerCase()}` }}
    >
      <MenuItem value="">All</MenuItem>
      {options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The search box, sent once typing pauses: a request per keystroke would only race itself. */
function SearchField(props: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(props.value);
  // The URL changed under us (Back, a link): show what it says. Not when it only
  // caught up with the box, which would eat a space typed before the next word.
  useEffect(() => setText(t => (t.trim() === props.value ? t : props.value)), [props.value]);
  useDebounce(
    () => {
      if (text.trim() !== props.value) props.onChange(text.trim());
    },
    300,
    [text],
  );
  return (
    <TextField
      label="Search"
      placeholder="Name, title, owner or system"
      InputLabelProps={{ shrink: true }}
      value={text}
      onChange={e => setText(e.target.value)}
      inputProps={{ 'aria-label': 'Search entities' }}
      style={{ minWidth: 220 }}
    />
  );
}

/** The fleet table's search and filters; the menus list the values the summary found among the visible entities. */
export function FleetFilters(props: {
  facets: FleetFacets;
  values: Record<FleetFilterName | 'search', string>;
  onChange: (name: FleetFilterName | 'search', value: string) => void;
}) {
  const { facets, values, onChange } = props;
  return (
    <>
      <SearchField value={values.search} onChange={v => onChange('search', v)} />
      {(Object.keys(facetOf) as (keyof typeof facetOf)[]).map(name => (
        <FilterSelect
          key={name}
          label={facetOf[name].label}
          value={values[name]}
          options={facets[facetOf[name].values].map(v => ({ value: v, label: v }))}
          onChange={v => onChange(name, v)}
        />
      ))}
      <FilterSelect label="State" value={values.state} options={states} onChange={v => onChange('state', v)} />
    </>
  );
}
