"use client";
// Toasts (sonner) for short confirmations such as "Copied to clipboard"; announced politely.
import { Toaster as Sonner } from "sonner";

export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton />;
}
