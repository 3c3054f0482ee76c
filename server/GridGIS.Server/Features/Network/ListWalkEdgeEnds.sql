-- Stored edges between two of the given nodes ($1): an OSM import in join mode does not add such a piece of way twice.
select source, target from walk_edge where source = any($1) and target = any($1)
