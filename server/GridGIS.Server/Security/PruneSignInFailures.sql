-- Forgets failed sign-ins whose last failure is older than $1 (they no longer slow anyone down).
delete from sign_in_failure where last_failed < $1
