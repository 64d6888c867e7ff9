import { useEffect, useRef } from 'preact/hooks';

/**
 * Focuses the element once, when it first appears, if `wanted`: each step of a sign-in puts the
 * cursor in the next field, so a keyboard user never has to look for it.
 */
export function useFocusOnMount<T extends HTMLElement>(wanted: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (wanted) ref.current?.focus();
    // Only the first appearance counts: later renders must not steal focus.
  }, []);
  return ref;
}
