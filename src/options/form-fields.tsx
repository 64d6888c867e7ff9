import type { Ref } from 'preact';
import type { ProfileField } from '../shared/profile.ts';
import { fieldId } from './field-labels.ts';

interface FieldProps {
  name: ProfileField;
  label: string;
  error?: string;
  hint?: string;
  placeholder?: string;
}

/** A field's message, tied to it by id so a screen reader reads it with the field. */
export function FieldError({ name, error }: { name: ProfileField; error?: string }) {
  if (!error) return null;
  return (
    <p class="field-error" id={`error-${name}`} role="alert">
      {error}
    </p>
  );
}

/** The hint under a field, then its error: both read out with the field (aria-describedby). */
function FieldNotes({ name, hint, error }: { name: ProfileField; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p class="muted" id={`hint-${name}`}>
          {hint}
        </p>
      )}
      <FieldError name={name} error={error} />
    </>
  );
}

const describedBy = (name: ProfileField, error?: string, hint?: string) =>
  [error && `error-${name}`, hint && `hint-${name}`].filter(Boolean).join(' ') || undefined;

export function TextField(
  props: FieldProps & {
    value: string;
    type?: 'text' | 'url';
    inputRef?: Ref<HTMLInputElement>;
    onInput: (value: string) => void;
  },
) {
  const { name, label, error, hint } = props;
  return (
    <>
      <label for={fieldId(name)}>{label}</label>
      <input
        id={fieldId(name)}
        ref={props.inputRef}
        type={(props.type ?? 'text') as 'text'}
        placeholder={props.placeholder}
        value={props.value}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(name, error, hint)}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <FieldNotes name={name} hint={hint} error={error} />
    </>
  );
}

/** A whole number of seconds; empty means "not set" (undefined). */
export function NumberField(
  props: FieldProps & { value: number | undefined; onInput: (value: number | undefined) => void },
) {
  const { name, label, error, hint } = props;
  return (
    <>
      <label for={fieldId(name)}>{label}</label>
      <input
        id={fieldId(name)}
        type="number"
        inputMode="numeric"
        min={0}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(name, error, hint)}
        onInput={(event) =>
          props.onInput(event.currentTarget.value === '' ? undefined : Number(event.currentTarget.value))
        }
      />
      <FieldNotes name={name} hint={hint} error={error} />
    </>
  );
}
