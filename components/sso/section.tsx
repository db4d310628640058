// A titled settings card.
export function Section({ title, id, children, description }: { title: string; id?: string; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      {description && <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</div>}
      <div className="mt-4 space-y-4">{children}</div>
    </section>
  );
}
