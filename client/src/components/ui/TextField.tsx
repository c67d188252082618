import { useId, type HTMLAttributes } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search';
  multiline?: boolean;
  autoComplete?: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  placeholder?: string;
  maxLength?: number;
  required?: boolean;
}

/** A labelled input whose hint and error are wired to it for screen readers. */
export function TextField({ label, value, onChange, testId, error, hint, type = 'text', multiline, ...rest }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const shared = {
    id,
    value,
    'data-testid': testId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    ...rest,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea className="textarea" {...shared} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input className="input" type={type} {...shared} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
