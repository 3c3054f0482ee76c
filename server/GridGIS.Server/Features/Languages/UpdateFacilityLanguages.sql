-- Sets a facility's languages: $1 facility id, $2 languages (ISO 639-1, checked by the caller). Returns the languages before.
update facility f set languages = $2
from (select id, languages from facility where id = $1 for update) before
where f.id = before.id
returning before.languages
