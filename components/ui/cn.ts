// Joins class names, later Tailwind utilities winning over earlier ones (tailwind-merge), so a kit
// component's defaults can be overridden by the page that uses it.
import { twMerge } from "tailwind-merge";

export function cn(...classes: (string | false | null | undefined)[]): string {
  return twMerge(classes.filter(Boolean).join(" "));
}
