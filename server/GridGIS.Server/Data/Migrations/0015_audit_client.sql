-- 0015: each audit row names the client address the request came from (null on the command line and in
-- jobs), now that reads of personal data and failed sign-ins are audited too.
alter table audit_log add column client text;
