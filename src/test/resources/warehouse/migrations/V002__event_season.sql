-- needs V001 (the table it alters)
ALTER TABLE raw_event ADD COLUMN IF NOT EXISTS "strSeason" VARCHAR(16);
