import { analyzeInBrowser } from './analyzeInBrowser';
import { declaredArgs } from './declaredArgs';

describe('declaredArgs', () => {
  it('lists global and stage ARGs with their first default and the stages that use them', () => {
    const text = [
      'ARG GCC_IMAGE=gcc:12',
      'ARG RUNTIME',
      'FROM ${GCC_IMAGE} AS build',
      'ARG MAKE_FLAGS="-j4" VERBOSE',
      'RUN make $MAKE_FLAGS',
      'FROM debian:bookworm AS runtime',
      'ARG RUNTIME=slim',
      'ARG VERBOSE=1',
      'COPY --from=build /app /app',
    ].join('\n');
    const { graph } = analyzeInBrowser({ path: 'Dockerfile', text });

    expect(declaredArgs(graph)).toEqual([
      { name: 'GCC_IMAGE', defaultValue: 'gcc:12', global: true, stages: ['build'] },
      { name: 'RUNTIME', defaultValue: 'slim', global: true, stages: ['runtime'] },
      { name: 'MAKE_FLAGS', defaultValue: '-j4', global: false, stages: ['build'] },
      { name: 'VERBOSE', defaultValue: '1', global: false, stages: ['build', 'runtime'] },
    ]);
  });
});
