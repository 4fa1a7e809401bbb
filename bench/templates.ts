/*
 * bench/templates: every template that has a skeleton, built for real with the
 * local base images, against a naive single-stage Dockerfile for the same
 * service (the toolchain image, the whole context copied, build and tests in
 * one RUN). Prints build times and final image sizes; the goal for compiled
 * languages is a final image at least 70 % smaller.
 *
 *   yarn bench:templates
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceTemplates } from '../plugins/multistage-build-common/src/templates';
import { prepareBuildContext } from '../plugins/multistage-build-backend/src/engine/buildContext';
import { DockerEngine } from '../plugins/multistage-build-backend/src/engine/DockerEngine';
import { localBaseImages } from '../plugins/multistage-build-backend/src/__testUtils__/engine';
import { createTemplateWorkspace, templatesWithSkeletons } from '../plugins/multistage-build-backend/src/__testUtils__/templateWorkspace';

/** The single-stage Dockerfile a team might write first, per template. */
const naive: Record<string, string | null> = {
  'node-npm': 'FROM ${NODE_IMAGE}\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npm test\nCMD ["node", "dist/server.js"]\n',
  'python-pip':
    'FROM ${PYTHON_IMAGE}\nWORKDIR /app\nCOPY . .\n' +
    'RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt -r requirements-dev.txt && /opt/venv/bin/python -m unittest discover -s tests -t .\n' +
    'CMD ["/opt/venv/bin/python", "-m", "service"]\n',
  // CGO off as in the template: Debian's Go image has no C compiler.
  go: 'FROM ${GO_IMAGE}\nENV CGO_ENABLED=0\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/server ./cmd/server && go test ./...\nCMD ["server"]\n',
  rust: 'FROM ${RUST_IMAGE}\nWORKDIR /src\nCOPY . .\nRUN cargo build --release && cargo test --release\nCMD ["/src/target/release/server"]\n',
  'node-pnpm':
    'FROM ${NODE_IMAGE}\nWORKDIR /app\nCOPY . .\nRUN npm install --global pnpm@9.15.0 && pnpm install --frozen-lockfile && pnpm run build && pnpm test\nCMD ["node", "dist/server.js"]\n',
  'java-gradle': 'FROM ${GRADLE_IMAGE}\nWORKDIR /src\nCOPY . .\nRUN gradle --no-daemon jar test\nCMD ["sh", "-c", "java -jar build/libs/*.jar"]\n',
  'java-maven': 'FROM ${MAVEN_IMAGE}\nWORKDIR /src\nCOPY . .\nRUN mvn --batch-mode package\nCMD ["java", "-jar", "target/app.jar"]\n',
  // Building needs Node and serving needs nginx: there is no one-image equivalent.
  'static-nginx': null,
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main() {
  const engine = new DockerEngine({ host: process.env.DOCKER_HOST });
  const status = await engine.status();
  if (!status.available) throw new Error(`bench/templates needs the engine: ${status.reason}`);
  const only = process.argv.slice(2);
  const build = async (dir: string, dockerfile: string) => {
    const context = await prepareBuildContext({ dir, dockerfile });
    const t = performance.now();
    const { imageId } = await engine.build({ context: context.tar(), dockerfile, buildArgs: localBaseImages, noCache: true });
    return { ms: performance.now() - t, size: await engine.imageSize(imageId) };
  };

  console.log(`bench/templates: Docker ${status.version}; local base images from Debian's toolchains; no layer cache`);
  console.log('| template | compiled | multi-stage build | multi-stage image | naive build | naive image | smaller by |');
  console.log('|---|---|---|---|---|---|---|');
  const compiledReductions: number[] = [];
  for (const id of templatesWithSkeletons().filter(t => only.length === 0 || only.includes(t))) {
    const template = serviceTemplates.find(t => t.id === id)!;
    const dir = createTemplateWorkspace(id);
    const multi = await build(dir, 'Dockerfile');
    const naiveText = naive[id];
    if (naiveText === undefined) throw new Error(`bench/templates has no naive Dockerfile for ${id}`);
    let naiveCells = ['n/a', 'n/a', 'n/a'];
    if (naiveText !== null) {
      const globalArgs = naiveText.match(/\$\{(\w+)\}/g)!.map(v => `ARG ${v.slice(2, -1)}`).join('\n');
      writeFileSync(join(dir, 'Dockerfile.naive'), `${globalArgs}\n${naiveText}`);
      const single = await build(dir, 'Dockerfile.naive');
      const reduction = 1 - multi.size / single.size;
      if (template.compiled) compiledReductions.push(reduction);
      naiveCells = [seconds(single.ms), megabytes(single.size), `${(reduction * 100).toFixed(0)} %`];
    }
    console.log(`| ${id} | ${template.compiled ? 'yes' : 'no'} | ${seconds(multi.ms)} | ${megabytes(multi.size)} | ${naiveCells.join(' | ')} |`);
  }
  if (compiledReductions.length > 0) {
    const least = Math.min(...compiledReductions);
    console.log(`\ncompiled languages: final images at least ${(least * 100).toFixed(0)} % smaller than the naive ones (goal: 70 %)`);
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
