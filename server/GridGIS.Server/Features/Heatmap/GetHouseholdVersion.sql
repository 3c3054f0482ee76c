-- The version of the household table (migration 0011: moved by every statement that writes it, in the
-- writer's transaction), which keys the heatmap cells cached in each server process.
select version from data_change where table_name = 'household';
