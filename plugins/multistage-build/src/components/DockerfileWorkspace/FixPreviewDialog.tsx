import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: { fontFamily: 'monospace', fontSize: 13, margin: 0, whiteSpace: 'pre-wrap' },
  added: { background: 'rgba(46, 160, 67, 0.2)' },
  removed: { background: 'rgba(248, 81, 73, 0.2)' },
  hunk: { color: theme.palette.text.secondary },
}));

/** A fix's change as a diff, applied to the editor only when the user says so. */
export function FixPreviewDialog(props: { title: string; patch: string; onApply: () => void; onClose: () => void }) {
  const classes = useStyles();
  const lines = props.patch.split('\n').filter(l => !l.startsWith('====='));
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="fix-preview-title">
      <DialogTitle id="fix-preview-title">{props.title}</DialogTitle>
      <DialogContent>
        {props.patch === '' ? (
          <Typography>This fix changes nothing in the current text.</Typography>
        ) : (
          <pre className={classes.diff} data-testid="fix-diff">
            {lines.map((line, i) => {
              let className: string | undefined;
              if (line.startsWith('@@')) className = classes.hunk;
              else if (line.startsWith('+') && !line.startsWith('+++')) className = classes.added;
              else if (line.startsWith('-') && !line.startsWith('---')) className = classes.removed;
              return (
                <div key={i} className={className}>
                  {line || ' '}
                </div>
              );
            })}
          </pre>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button color="primary" variant="contained" disabled={props.patch === ''} onClick={props.onApply}>
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}
