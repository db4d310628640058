"use client";
// An error in the root layout itself: the page has no styles of its own then, so this one is plain.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          maxWidth: "28rem",
          margin: "15vh auto",
          padding: "0 1rem",
          textAlign: "center",
        }}
      >
        <h1>Something went wrong</h1>
        <p>
          The page could not be shown. Reference: <code>{error.digest ?? "none"}</code>
        </p>
        <p>
          <button type="button" onClick={reset}>
            Try again
          </button>{" "}
          · <a href="/">Go to your workspace</a>
        </p>
      </body>
    </html>
  );
}
