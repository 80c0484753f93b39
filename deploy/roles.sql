-- deploy/roles.sql — PostgreSQL roles for gongkai: an owner that runs migrations and an application
-- role that can only read and write rows, and on the audit trail only read and append.
--
-- Run as a superuser (or a role with CREATEROLE and CREATEDB), twice on a new server: once before
-- the first `gongkai migrate` (creates the roles and the database) and once after it (grants on the
-- tables migrate created); after that, again after every upgrade. Re-running changes nothing else.
--   psql -h 127.0.0.1 -U postgres -v db=gongkai -v owner=gongkai_owner -v app=gongkai \
--        -v owner_password="$OWNER_PW" -v app_password="$APP_PW" -f deploy/roles.sql
-- or, without psql: `gongkai ops db-roles --admin-url postgres://postgres@127.0.0.1/postgres ...`
-- (runs this very file, and everything after \connect in one transaction, so that a live site never
-- sees the moment between REVOKE ALL and the GRANTs: use it, not psql, on a running site).
-- An empty password leaves the role's password as it is.
--
-- What the database enforces (and the audit hash chain does not have to):
--   * the application role owns nothing, cannot create tables or roles, holds no grant option and
--     is not a member of the owner role, so it cannot give itself rights back;
--   * on audit_auditrecord it has SELECT and INSERT only: UPDATE, DELETE and TRUNCATE fail.
-- Records changed with other credentials (the owner, a superuser, the files on disk) are detected
-- by `gongkai audit verify`, which the worker also runs every night.

-- 1. Roles (NOINHERIT and no membership: the application role has exactly its own grants).
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT', :'app')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"app" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT NOBYPASSRLS;
SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password') WHERE :'owner_password' <> '' \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'app', :'app_password') WHERE :'app_password' <> '' \gexec
SELECT format('REVOKE %I FROM %I', :'owner', :'app') \gexec

-- 2. The database, owned by the owner role.
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'owner', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";

\connect :"db"

-- 3. The schema: only the owner creates objects in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Tables made by an earlier setup in which the application role ran the migrations itself are
-- handed to the owner (their identity sequences follow their tables).
SELECT format('ALTER TABLE public.%I OWNER TO %I', c.relname, :'owner')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
   AND pg_get_userbyid(c.relowner) <> :'owner' \gexec
SELECT format('ALTER SEQUENCE public.%I OWNER TO %I', c.relname, :'owner')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> :'owner'
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) \gexec

-- 4. Row access for the application, on the tables of today and those later migrations create.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app";

-- 5. The audit trail is append-only for the application (the table exists after the first migrate).
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.audit_auditrecord FROM %I', :'app')
 WHERE to_regclass('public.audit_auditrecord') IS NOT NULL \gexec
