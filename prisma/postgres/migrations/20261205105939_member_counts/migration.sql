-- CreateTable
CREATE TABLE "WorkspaceMemberCount" (
    "workspaceId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "changes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WorkspaceMemberCount_pkey" PRIMARY KEY ("workspaceId","slot")
);

-- CreateTable
CREATE TABLE "ScimPageCursor" (
    "workspaceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "lastCreatedAt" TIMESTAMP(3) NOT NULL,
    "lastId" TEXT NOT NULL,
    "changes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScimPageCursor_pkey" PRIMARY KEY ("workspaceId","position")
);

-- CreateIndex
CREATE INDEX "ScimPageCursor_createdAt_idx" ON "ScimPageCursor"("createdAt");

-- Kept by triggers on "Member", whoever writes it (the SCIM services, Prisma, the admin CLI, a restore).
-- Statement-level with transition tables: one upsert per statement, also for a bulk INSERT. Every statement
-- of one transaction uses the same slot (from its transaction id), so a transaction locks one counter row
-- and two transactions cannot deadlock on the counters.
CREATE FUNCTION "member_count_slot"() RETURNS integer LANGUAGE sql VOLATILE AS $$ SELECT (txid_current() % 16)::integer $$;

CREATE FUNCTION "member_count_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "WorkspaceMemberCount" ("workspaceId", "slot", "n", "changes")
    SELECT "workspaceId", "member_count_slot"(), COUNT(*)::integer, COUNT(*)::integer FROM "new_members" GROUP BY "workspaceId"
    ON CONFLICT ("workspaceId", "slot") DO UPDATE SET "n" = "WorkspaceMemberCount"."n" + excluded."n", "changes" = "WorkspaceMemberCount"."changes" + excluded."changes";
  RETURN NULL;
END $$;

CREATE FUNCTION "member_count_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "WorkspaceMemberCount" ("workspaceId", "slot", "n", "changes")
    SELECT "workspaceId", "member_count_slot"(), -COUNT(*)::integer, COUNT(*)::integer FROM "old_members"
    -- not for a workspace being deleted (its members go in the cascade): its counts are deleted with it
    WHERE EXISTS (SELECT 1 FROM "Workspace" w WHERE w."id" = "old_members"."workspaceId") GROUP BY "workspaceId"
    ON CONFLICT ("workspaceId", "slot") DO UPDATE SET "n" = "WorkspaceMemberCount"."n" + excluded."n", "changes" = "WorkspaceMemberCount"."changes" + excluded."changes";
  RETURN NULL;
END $$;

CREATE TRIGGER "Member_count_insert" AFTER INSERT ON "Member" REFERENCING NEW TABLE AS "new_members"
  FOR EACH STATEMENT EXECUTE FUNCTION "member_count_added"();
CREATE TRIGGER "Member_count_delete" AFTER DELETE ON "Member" REFERENCING OLD TABLE AS "old_members"
  FOR EACH STATEMENT EXECUTE FUNCTION "member_count_removed"();

-- The counts and page cursors of a deleted workspace go with it (the delete triggers of its members, in the
-- cascade, skip a workspace that is gone).
CREATE FUNCTION "member_count_workspace_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "WorkspaceMemberCount" WHERE "workspaceId" IN (SELECT "id" FROM "old_workspaces");
  DELETE FROM "ScimPageCursor" WHERE "workspaceId" IN (SELECT "id" FROM "old_workspaces");
  RETURN NULL;
END $$;
CREATE TRIGGER "Workspace_count_delete" AFTER DELETE ON "Workspace" REFERENCING OLD TABLE AS "old_workspaces"
  FOR EACH STATEMENT EXECUTE FUNCTION "member_count_workspace_removed"();

-- The members that exist already.
INSERT INTO "WorkspaceMemberCount" ("workspaceId", "slot", "n") SELECT "workspaceId", 0, COUNT(*)::integer FROM "Member" GROUP BY "workspaceId";
