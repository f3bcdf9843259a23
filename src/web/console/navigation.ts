import { useCallback, useEffect, useState } from 'react';

/** The console's own routes, in the address bar (the server answers every one with the console). */
export function usePath(): [string, string, (href: string) => void] {
  const [where, setWhere] = useState(() => ({ path: location.pathname, hash: location.hash.slice(1) }));
  useEffect(() => {
    const onPop = () => setWhere({ path: location.pathname, hash: location.hash.slice(1) });
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((href: string) => {
    history.pushState(null, '', href);
    setWhere({ path: location.pathname, hash: location.hash.slice(1) });
  }, []);
  return [where.path, where.hash, navigate];
}
