// The result every server action returns to its form (useActionState): field errors under the field
// name, a form-level error under "form", a success message, and on failure the submitted values, so
// the form shows again what was typed (React resets a form after its action; inputs take their
// defaultValue from `values`). Built by app/w/[slug]/action-helpers.ts.
export interface ActionState {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string>;
  /** the submitted text fields (secrets left out), returned with errors */
  values?: Record<string, string>;
  /** where to go after success (e.g. back to the list after removing the member shown) */
  redirectTo?: string;
  /** one-time invite links created by the action, shown once for the admin to copy */
  inviteLinks?: { email: string; url: string }[];
}

export const initialActionState: ActionState = {};

/** The value to show in a field: what was submitted last time if the action failed, else the stored one. */
export function shown(state: ActionState, name: string, stored?: string | number | null): string {
  return state.values?.[name] ?? (stored == null ? "" : String(stored));
}
