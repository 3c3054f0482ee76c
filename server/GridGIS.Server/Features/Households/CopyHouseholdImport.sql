copy household_import (line, geom, address, residents, foreign_residents, nationalities, generated) from stdin (format binary)
