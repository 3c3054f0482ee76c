copy household_import (line, geom, address, residents, foreign_residents, nationalities) from stdin (format binary)
