/** A pint with a foam head, the same drawing as the favicon. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="12" y="18" width="32" height="40" rx="5" fill="#f6b40e" />
      <path d="M44 26h6a6 6 0 0 1 6 6v10a6 6 0 0 1-6 6h-6" fill="none" stroke="#f6b40e" strokeWidth="5" />
      {/* A tan rim, so the foam does not vanish into the lager theme's cream page. */}
      <ellipse cx="28" cy="17" rx="18" ry="9" fill="#fff8e7" stroke="#e2b85c" strokeWidth="2" />
      <circle cx="22" cy="36" r="2" fill="#fff6" />
      <circle cx="32" cy="44" r="2.5" fill="#fff6" />
    </svg>
  );
}
