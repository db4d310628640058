#!/usr/bin/env bash
# Creates a migration for BOTH providers from the current models: npm run db:migration -- <name>
# (`prisma migrate dev --create-only` crashes under the JS engine; `migrate diff` does the job.)
set -euo pipefail
name=${1:?usage: npm run db:migration -- <name>}
ts=$(date -u +%Y%m%d%H%M%S)
for p in sqlite postgres; do
  cfg=prisma.$p.config.ts
  tmp=$(mktemp)
  if [ -z "$(ls -A prisma/$p/migrations 2>/dev/null | grep -v migration_lock)" ]; then from=(--from-empty); else from=(--from-migrations prisma/$p/migrations); fi
  PRISMA_HIDE_UPDATE_MESSAGE=1 node -r ./scripts/unref-long-timers.cjs node_modules/prisma/build/index.js migrate diff \
    --config "$cfg" "${from[@]}" --to-schema-datamodel prisma/$p --script -o "$tmp"
  if ! grep -qv '^--' "$tmp" || [ ! -s "$tmp" ]; then echo "$p: no changes"; rm -f "$tmp"; continue; fi
  mkdir -p "prisma/$p/migrations/${ts}_$name"
  mv "$tmp" "prisma/$p/migrations/${ts}_$name/migration.sql"
  echo "$p: prisma/$p/migrations/${ts}_$name/migration.sql"
done
