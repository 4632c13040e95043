-- The care setting of one deployment (the adopters table's "setting" column).
-- The reference data does not record it, so it stays null ("not recorded") for
-- every seeded row; member submissions (accounts issue) fill it.
alter table deployment
    add column care_setting_id text references care_setting (id);
