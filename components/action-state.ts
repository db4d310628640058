// The result every admin server action returns to its form (useActionState): field errors under the
// field name, a form-level error under "form", and a success message.
export interface ActionState {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string>;
  /** where to go after success (e.g. back to the list after removing the member shown) */
  redirectTo?: string;
}

export const initialActionState: ActionState = {};
