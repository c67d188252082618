// Where to go after signing in. The target rides in `?next=` so it survives a reload, and only
// same-site paths are honoured: `//evil.example` or `https://…` would make us an open redirect.

export function safeNext(next: string | null | undefined, fallback = '/events'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

export function signInPath(from: string, mode: 'login' | 'register' = 'login'): string {
  return `/${mode}?next=${encodeURIComponent(from)}`;
}
