import { getCompoundEntityRef, stringifyEntityRef, type CompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';

/** The page's entity as a ref, and its string form: the key every hook refetches on (kind, namespace and name). */
export function useEntityRef(): { ref: CompoundEntityRef; key: string } {
  const { entity } = useEntity();
  const key = stringifyEntityRef(entity);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const ref = useMemo(() => getCompoundEntityRef(entity), [key]);
  return { ref, key };
}
