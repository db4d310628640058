"use client";
// Labelled inputs for the settings forms; errors and, after a failed submit, the typed values come from
// the enclosing ActionForm's state.
import { FieldError, useFieldError, useSubmitted } from "@/components/sso/action-form";

const box = "mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900";

export function Input({ name, label, hint, defaultValue, ...rest }: { name: string; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const submitted = useSubmitted(name);
  const error = useFieldError(name);
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">{label}</label>
      <input id={`f-${name}`} name={name} defaultValue={rest.type === "file" ? undefined : submitted ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={`${hint ? `f-${name}-hint ` : ""}f-${name}-error`} className={rest.type === "file" ? "mt-1 block text-sm" : box} {...rest} />
      {hint && <p id={`f-${name}-hint`} className="mt-1 text-xs text-zinc-500">{hint}</p>}
      <FieldError name={name} />
    </div>
  );
}

export function TextArea({ name, label, hint, defaultValue, ...rest }: { name: string; label: string; hint?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const submitted = useSubmitted(name);
  const error = useFieldError(name);
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">{label}</label>
      <textarea id={`f-${name}`} name={name} rows={4} defaultValue={submitted ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={`${hint ? `f-${name}-hint ` : ""}f-${name}-error`} className={`${box} font-mono text-xs`} {...rest} />
      {hint && <p id={`f-${name}-hint`} className="mt-1 text-xs text-zinc-500">{hint}</p>}
      <FieldError name={name} />
    </div>
  );
}

export function Checkbox({ name, label, hint, defaultChecked }: { name: string; label: string; hint: React.ReactNode; defaultChecked: boolean }) {
  return (
    <div className="flex gap-3">
      <input id={`f-${name}`} name={name} type="checkbox" defaultChecked={defaultChecked} aria-describedby={`f-${name}-hint`} className="mt-1 h-4 w-4" />
      <div>
        <label htmlFor={`f-${name}`} className="text-sm font-medium">{label}</label>
        <div id={`f-${name}-hint`} className="text-sm text-zinc-600 dark:text-zinc-400">{hint}</div>
      </div>
    </div>
  );
}
