#!/usr/bin/env bash
# Fails when the models changed without a migration (for either provider). Needs a reachable Postgres
# for the postgres check (it diffs against a shadow database built from the migrations).
set -euo pipefail
mkdir -p .test
export SQLITE_URL=${SQLITE_URL:-file:./.test/migration-check.db}
for p in sqlite postgres; do
  PRISMA_HIDE_UPDATE_MESSAGE=1 node -r ./scripts/unref-long-timers.cjs node_modules/prisma/build/index.js migrate diff \
    --config prisma.$p.config.ts --from-migrations prisma/$p/migrations --to-schema-datamodel prisma/$p --exit-code >/dev/null \
    || { echo "✗ $p: models and migrations differ — run: npm run db:migration -- <name>"; exit 1; }
  echo "✓ $p migrations match the models"
done
