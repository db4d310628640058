"use client";
// Labelled inputs for the settings forms; errors and, after a failed submit, the typed values come from
// the enclosing ActionForm's state.
import { Check, Input as KitInput, Textarea as KitTextarea } from "@/components/ui/input";
import { FieldError, useFieldError, useSubmitted } from "@/components/sso/action-form";

export function Input({
  name,
  label,
  hint,
  defaultValue,
  ...rest
}: { name: string; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const submitted = useSubmitted(name);
  const error = useFieldError(name);
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <KitInput
        id={`f-${name}`}
        name={name}
        defaultValue={rest.type === "file" ? undefined : (submitted ?? defaultValue)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${hint ? `f-${name}-hint ` : ""}f-${name}-error`}
        className={rest.type === "file" ? "mt-1 block border-0 px-0 py-0" : "mt-1"}
        {...rest}
      />
      {hint && (
        <p id={`f-${name}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      )}
      <FieldError name={name} />
    </div>
  );
}

export function TextArea({
  name,
  label,
  hint,
  defaultValue,
  ...rest
}: { name: string; label: string; hint?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const submitted = useSubmitted(name);
  const error = useFieldError(name);
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <KitTextarea
        id={`f-${name}`}
        name={name}
        rows={4}
        defaultValue={submitted ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${hint ? `f-${name}-hint ` : ""}f-${name}-error`}
        className="mt-1 font-mono text-xs"
        {...rest}
      />
      {hint && (
        <p id={`f-${name}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      )}
      <FieldError name={name} />
    </div>
  );
}

export function Checkbox({
  name,
  label,
  hint,
  defaultChecked,
}: {
  name: string;
  label: string;
  hint: React.ReactNode;
  defaultChecked: boolean;
}) {
  return (
    <div className="flex gap-3">
      <Check
        id={`f-${name}`}
        name={name}
        defaultChecked={defaultChecked}
        aria-describedby={`f-${name}-hint`}
        className="mt-1"
      />
      <div>
        <label htmlFor={`f-${name}`} className="text-sm font-medium">
          {label}
        </label>
        <div id={`f-${name}-hint`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {hint}
        </div>
      </div>
    </div>
  );
}
