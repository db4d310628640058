"use client";
// The "Add an endpoint" form. Its inputs are controlled, so a refused URL stays as typed (React resets
// uncontrolled fields after a form action).
import { Input } from "@/components/ui/input";
import { useState } from "react";
import type { ActionState } from "@/components/action-state";
import { ActionForm, FieldError } from "@/components/sso/action-form";

export function CreateEndpointForm({
  action,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  return (
    <ActionForm action={action} submit="Add endpoint" pendingLabel="Adding…" className="space-y-3">
      <div>
        <label htmlFor="f-url" className="block text-sm font-medium">
          Endpoint URL
        </label>
        <Input
          id="f-url"
          name="url"
          type="url"
          placeholder="https://example.com/webhooks"
          required
          aria-describedby="f-url-hint f-url-error"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          className="mt-1 max-w-xl"
        />
        <p id="f-url-hint" className="mt-1 text-xs text-zinc-500">
          https:// and a public address.
        </p>
        <FieldError name="url" />
      </div>
      <div>
        <label htmlFor="f-description" className="block text-sm font-medium">
          Description (optional)
        </label>
        <Input
          id="f-description"
          name="description"
          maxLength={200}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          className="mt-1 max-w-xl"
        />
      </div>
    </ActionForm>
  );
}
