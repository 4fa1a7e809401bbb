import { CodeSnippet, InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** The Dockerfile text with line numbers, titled by where it was read from. */
export function DockerfileView(props: { path: string; location: string; text: string }) {
  return (
    <InfoCard title={props.path} subheader={props.location} noPadding>
      {props.text.length === 0 ? (
        <Typography>The Dockerfile is empty.</Typography>
      ) : (
        <CodeSnippet text={props.text} language="dockerfile" showLineNumbers />
      )}
    </InfoCard>
  );
}
