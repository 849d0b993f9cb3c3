import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type AdminClient, problemText, type SignedInAdmin } from './api/admin-client.js';

/** What every screen gets: the signed-in client and who the admin is. */
export interface ScreenProps {
  client: AdminClient;
  admin: SignedInAdmin;
}

/** An admin API answer as openapi-fetch gives it. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Loaded<T> {
  data?: T;
  problem?: string;
  reload: () => void;
}

/** Loads once (and on `reload`); a refused call becomes its problem's words. */
export function useLoad<T>(load: () => Promise<Answer<T>>, keys: unknown[] = []): Loaded<T> {
  const [state, setState] = useState<{ data?: T; problem?: string }>({});
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void load().then(({ data, error, response }) => {
      if (current) setState(data !== undefined ? { data } : { problem: problemText(error, response) });
    });
    return () => {
      current = false;
    };
  }, [round, ...keys]);
  return { ...state, reload: useCallback(() => setRound((value) => value + 1), []) };
}

/** Sends a change; answers the problem's words, or undefined when it went through. */
export async function attempt<T>(send: Promise<Answer<T>>, then?: (data: T) => void): Promise<string | undefined> {
  const { data, error, response } = await send;
  if (data === undefined) return problemText(error, response);
  then?.(data);
  return undefined;
}

export const Problem = ({ text }: { text?: string }) =>
  text ? (
    <p class="problem" role="alert">
      {text}
    </p>
  ) : null;

export function Screen({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section>
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </section>
  );
}

const UNITS: Array<[number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** "3 days", "5 minutes", "under a minute": how long ago `iso` was. */
export function age(iso: string | null | undefined): string {
  if (!iso) return '—';
  const elapsed = Date.now() - new Date(iso).getTime();
  const [size, unit] = UNITS.find(([milliseconds]) => elapsed >= milliseconds) ?? [0, ''];
  if (!size) return 'under a minute';
  const count = Math.floor(elapsed / size);
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');
