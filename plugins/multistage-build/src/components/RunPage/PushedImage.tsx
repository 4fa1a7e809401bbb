import Typography from '@material-ui/core/Typography';
import type { PushedImage as Pushed } from '@stagecraft/plugin-multistage-build-common';

/** What a run pushed: each `repository:tag`, the digest they name, and each platform's own image. */
export function PushedImage(props: { pushed: Pushed }) {
  const { pushed } = props;
  return (
    <div data-testid="pushed-image">
      <Typography variant="subtitle2">Pushed</Typography>
      {pushed.tags.map(tag => (
        <Typography key={tag} variant="body2" style={{ fontFamily: 'monospace' }}>
          {pushed.repository}:{tag}
        </Typography>
      ))}
      <Typography variant="body2" color="textSecondary" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        {pushed.platforms.length > 1 ? 'manifest list' : 'manifest'} {pushed.digest}
      </Typography>
      {pushed.platforms.length > 1 &&
        pushed.platforms.map(p => (
          <Typography key={p.platform} variant="body2" color="textSecondary" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {p.platform}: {p.digest}
          </Typography>
        ))}
    </div>
  );
}
