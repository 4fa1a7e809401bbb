import { isMultistageBuildAvailable } from './isMultistageBuildAvailable';

const entityWith = (annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('isMultistageBuildAvailable', () => {
  it('is true when the entity names a Dockerfile, even with an empty value', () => {
    expect(isMultistageBuildAvailable(entityWith({ 'stagecraft.io/dockerfile': 'build/Dockerfile' }))).toBe(true);
    expect(isMultistageBuildAvailable(entityWith({ 'stagecraft.io/dockerfile': '' }))).toBe(true);
  });

  it('is false without the annotation', () => {
    expect(isMultistageBuildAvailable(entityWith())).toBe(false);
    expect(isMultistageBuildAvailable(entityWith({ 'backstage.io/techdocs-ref': 'dir:.' }))).toBe(false);
  });
});
