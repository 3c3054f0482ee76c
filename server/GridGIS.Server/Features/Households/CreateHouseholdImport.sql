-- The staging table of one household import, dropped when its transaction ends.
create temp table household_import (line int, geom geometry(Point, 4326), address text, residents int,
                                    foreign_residents int, nationalities jsonb, generated boolean not null default false) on commit drop
