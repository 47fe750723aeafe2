-- API tokens that expire, names that stand for one token, and audit lines that
-- name the token that acted by its id.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE audit_log ADD COLUMN actor_token_id uuid REFERENCES api_tokens (id);

-- Earlier audit lines name the token as 'token:<name>'; where that name was held by
-- one token only, it says which.
UPDATE audit_log a SET actor_token_id = t.id
FROM api_tokens t
WHERE a.actor = 'token:' || t.name AND (SELECT count(*) FROM api_tokens d WHERE d.name = t.name) = 1;

-- Names were not unique before: the oldest token keeps a repeated name, each later
-- one gets the first 8 hex digits of its id appended (still within 63 characters).
UPDATE api_tokens t SET name = left(t.name, 54) || '-' || left(t.id::text, 8)
WHERE EXISTS (SELECT 1 FROM api_tokens o WHERE o.name = t.name AND (o.created_at, o.id) < (t.created_at, t.id));

-- Also across revoked and expired tokens: a name in the audit log stays one token's.
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_name_key UNIQUE (name);
