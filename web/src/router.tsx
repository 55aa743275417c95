/**
 * History-API routing: real paths (`/competitions/<id>`), so links in emails (`/verify?token=`) land on the right
 * page; the portal server and CloudFront answer unknown paths with index.html.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

export const navigate = (to: string, options: { replace?: boolean } = {}): void => {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
};

window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

const current = (): Location => ({ path: location.pathname, query: new URLSearchParams(location.search) });

export const useLocation = (): Location => {
  const [value, setValue] = useState(current);
  useEffect(() => {
    const listener = () => setValue(current());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return value;
};

/** Matches `path` against a pattern such as `/competitions/:id`; returns the decoded parameters or undefined. */
export const match = (pattern: string, path: string): Record<string, string> | undefined => {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}/?$`).exec(path);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
};

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An anchor that navigates without reloading (ordinary clicks only; modified clicks open tabs as usual). */
export const Link = ({ href, children, ...rest }: LinkProps) => (
  <a
    href={href}
    {...rest}
    onClick={(event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(href);
    }}
  >
    {children}
  </a>
);
