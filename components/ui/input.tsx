// Text inputs, text areas, selects and check boxes with one look; aria-invalid turns the border red.
import { cn } from "./cn";

export const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-500 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400";

export function Input({ className, ...props }: React.InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(inputClass, className)} {...props} />;
}

export function Textarea({ className, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(inputClass, className)} {...props} />;
}

export function Select({ className, ...props }: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(inputClass, "pr-8", className)} {...props} />;
}

/** A checkbox or radio button: native, sized and coloured like the rest of the kit. */
export function Check({
  className,
  type = "checkbox",
  ...props
}: React.InputHTMLAttributes<HTMLInputElement> & { type?: "checkbox" | "radio" }) {
  return <input type={type} className={cn("h-4 w-4 shrink-0 accent-indigo-600", className)} {...props} />;
}
