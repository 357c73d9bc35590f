-- stimsafe signals store, schema version 1. Documented in docs/signals-data.md.
-- One row per report/device/patient/... ; every row names the provenance row (source_id) it was loaded from.
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
CREATE TABLE IF NOT EXISTS provenance (
    source_id INTEGER PRIMARY KEY,
    path VARCHAR NOT NULL,          -- as given on the command line, made absolute
    member VARCHAR,                 -- the file inside a .zip, if any
    sha256 VARCHAR NOT NULL,        -- of the file as read (the zip itself for .zip)
    size_bytes BIGINT NOT NULL,
    format VARCHAR NOT NULL,        -- openfda-json | maude-<kind>
    last_updated DATE,              -- openFDA meta.last_updated (NULL for raw MAUDE)
    ingested_at TIMESTAMP NOT NULL,
    rows_read BIGINT NOT NULL,      -- records (openFDA) or logical rows (MAUDE) seen
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_superseded BIGINT NOT NULL, -- rows repeated later in the file with the same key, and openFDA records older
                                     -- than the stored version; read = loaded + rejected + superseded
    rows_padded BIGINT NOT NULL,     -- MAUDE rows shorter than the header, padded with empty fields
    lines_joined BIGINT NOT NULL     -- MAUDE physical lines re-joined into the previous row (newline in a field)
);
CREATE TABLE IF NOT EXISTS reports (
    mdr_report_key BIGINT PRIMARY KEY,
    report_number VARCHAR,
    event_key VARCHAR,
    date_received DATE,
    date_of_event DATE,
    date_report DATE,
    year INTEGER,                   -- year of date_received
    event_type VARCHAR,             -- Death | Injury | Malfunction | Other | No answer provided | NULL
    report_source VARCHAR,          -- Manufacturer report | Voluntary report | User Facility report | Distributor report
    source_type VARCHAR,            -- decoded, '; '-joined
    reporter_occupation VARCHAR,
    health_professional VARCHAR,
    adverse_event_flag VARCHAR,
    product_problem_flag VARCHAR,
    manufacturer_name VARCHAR,
    type_of_report VARCHAR,         -- '; '-joined
    product_codes VARCHAR[],        -- derived: distinct devices.product_code of this report, sorted
    patient_sex VARCHAR,            -- derived: female | male | NULL, from the lowest patient sequence number
    patient_age_years DOUBLE,       -- derived, same patient; NULL when the age has no explicit unit
    source_format VARCHAR NOT NULL, -- openfda | maude
    source_id INTEGER NOT NULL,
    last_updated DATE               -- openFDA snapshot date of this version
);
CREATE TABLE IF NOT EXISTS devices (
    mdr_report_key BIGINT NOT NULL,
    device_sequence_no INTEGER NOT NULL,
    device_event_key VARCHAR,
    product_code VARCHAR,           -- device_report_product_code, e.g. NFO
    brand_name VARCHAR,
    generic_name VARCHAR,
    model_number VARCHAR,
    manufacturer_name VARCHAR,      -- manufacturer_d_name
    device_operator VARCHAR,
    date_received DATE,
    udi_di VARCHAR,
    device_class VARCHAR,           -- openfda.device_class (openFDA only)
    device_name VARCHAR,            -- openfda.device_name
    regulation_number VARCHAR,      -- openfda.regulation_number
    source_id INTEGER NOT NULL,
    reported_sequence_no VARCHAR,   -- the sequence number as the file gave it (openFDA devices are renumbered by
                                    -- array position when a report's numbers are missing or collide)
    PRIMARY KEY (mdr_report_key, device_sequence_no)
);
-- databases created before reported_sequence_no existed
ALTER TABLE devices ADD COLUMN IF NOT EXISTS reported_sequence_no VARCHAR;
CREATE TABLE IF NOT EXISTS patients (
    mdr_report_key BIGINT NOT NULL,
    patient_sequence_no INTEGER NOT NULL,
    date_received DATE,
    sex VARCHAR,                    -- female | male | NULL
    age_text VARCHAR,               -- as reported
    age_years DOUBLE,
    outcomes VARCHAR,               -- decoded outcome terms, '; '-joined (cumulative across patients in raw MAUDE)
    treatment VARCHAR,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (mdr_report_key, patient_sequence_no)
);
CREATE TABLE IF NOT EXISTS patient_problems (
    mdr_report_key BIGINT NOT NULL,
    patient_sequence_no INTEGER NOT NULL,
    problem_id VARCHAR NOT NULL,    -- the code if known, else 'term:' || lower(term)
    problem_code VARCHAR,           -- FDA 4-digit code (raw MAUDE only)
    problem_term VARCHAR,           -- term (openFDA), or resolved from problem_codes
    source_id INTEGER NOT NULL,
    PRIMARY KEY (mdr_report_key, patient_sequence_no, problem_id)
);
CREATE TABLE IF NOT EXISTS device_problems (
    mdr_report_key BIGINT NOT NULL,
    problem_id VARCHAR NOT NULL,
    problem_code VARCHAR,
    problem_term VARCHAR,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (mdr_report_key, problem_id)
);
CREATE TABLE IF NOT EXISTS narratives (
    mdr_report_key BIGINT NOT NULL,
    mdr_text_key VARCHAR NOT NULL,
    text_type_code VARCHAR,         -- D | N | E (raw code)
    text_type VARCHAR,              -- Description of Event or Problem | Additional Manufacturer Narrative | ...
    patient_sequence_no INTEGER,
    date_report DATE,
    text VARCHAR,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (mdr_report_key, mdr_text_key)
);
CREATE TABLE IF NOT EXISTS problem_codes (
    kind VARCHAR NOT NULL,          -- patient | device
    code VARCHAR NOT NULL,
    term VARCHAR NOT NULL,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (kind, code)
);
CREATE TABLE IF NOT EXISTS rejects (
    source_id INTEGER NOT NULL,
    line_no BIGINT NOT NULL,        -- 1-based line (MAUDE) or record index (openFDA) where the bad row starts
    reason VARCHAR NOT NULL,
    raw VARCHAR,                    -- the row as read, cut at 2000 characters
    kind VARCHAR DEFAULT 'row'      -- 'row': the row was not stored; 'field': the row was stored with this field empty
);
-- schema version 2: stores made by version 1 get the kind column (their rejects are all whole rows).
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT 'row';
CREATE TABLE IF NOT EXISTS cases (
    mdr_report_key BIGINT NOT NULL,
    harm_id VARCHAR NOT NULL,
    matched_by VARCHAR NOT NULL,    -- term | narrative | both
    matched_terms VARCHAR,          -- the problem terms/codes that matched, '; '-joined
    narrative_snippet VARCHAR,      -- the sentence that matched, if any
    PRIMARY KEY (mdr_report_key, harm_id)
);
CREATE OR REPLACE VIEW cases_by_event AS
    SELECT coalesce(nullif(r.event_key, ''), 'report:' || CAST(c.mdr_report_key AS VARCHAR)) AS dedup_key,
           c.harm_id,
           min(c.mdr_report_key) AS mdr_report_key,
           count(*) AS n_reports
    FROM cases c LEFT JOIN reports r USING (mdr_report_key)
    GROUP BY ALL;
