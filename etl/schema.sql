-- The dashboard's database. Every grade row carries where it came from.

CREATE TABLE authorities (
    dfe_code VARCHAR PRIMARY KEY,
    ons_code VARCHAR,
    name VARCHAR NOT NULL UNIQUE,
    official_name VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    aliases VARCHAR,
    later_names VARCHAR,  -- what the area's council is called since (2009: Bedfordshire, Cheshire; 2019: Bournemouth and Poole)
    notes VARCHAR,
    source VARCHAR NOT NULL,
    source_locator VARCHAR
);

CREATE TABLE documents (
    document_id INTEGER PRIMARY KEY,
    path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR,
    kind VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('loaded', 'held_back', 'error')),
    dfe_code VARCHAR,
    authority_note VARCHAR,
    reason VARCHAR,
    grades INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

-- origin: 'document' (extracted from a file in data/documents), 'published' (data/published_grades.csv),
-- 'seed facts' (data/seed_document_grades.csv: grades read in the project's five seed documents).
CREATE TABLE grades (
    grade_id INTEGER PRIMARY KEY,
    dfe_code VARCHAR NOT NULL REFERENCES authorities (dfe_code),
    year INTEGER NOT NULL CHECK (year BETWEEN 2005 AND 2009),
    framework VARCHAR NOT NULL CHECK (framework IN ('APA', 'JAR', 'CPA')),
    judgement_area VARCHAR NOT NULL,
    grade TINYINT NOT NULL CHECK (grade BETWEEN 1 AND 4),
    how_stated VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    source_sha256 VARCHAR,
    locator VARCHAR NOT NULL,
    line INTEGER,
    quote VARCHAR,
    rule VARCHAR,  -- documents: the extraction rule that read the grade (python -m etl explain FILE shows them all)
    source_kind VARCHAR,
    notes VARCHAR
);

CREATE TABLE held_back (
    dfe_code VARCHAR,
    authority VARCHAR,
    year INTEGER,
    framework VARCHAR NOT NULL,
    judgement_area VARCHAR NOT NULL,
    grade TINYINT NOT NULL,
    how_stated VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    source_sha256 VARCHAR,
    locator VARCHAR NOT NULL,
    line INTEGER,
    quote VARCHAR,
    rule VARCHAR,
    reason VARCHAR NOT NULL
);

CREATE TABLE indicators (
    dfe_code VARCHAR,
    ons_code VARCHAR,
    area_name VARCHAR NOT NULL,
    area_level VARCHAR NOT NULL,
    region VARCHAR,
    period VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    indicator_id VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    source VARCHAR NOT NULL,
    locator VARCHAR NOT NULL,
    notes VARCHAR
);

CREATE TABLE indicator_catalogue (
    indicator_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    polarity VARCHAR NOT NULL CHECK (polarity IN ('higher_better', 'lower_better', 'neutral')),
    outcome_area VARCHAR,
    definition VARCHAR,
    source VARCHAR
);

CREATE TABLE statistical_neighbours (
    dfe_code VARCHAR NOT NULL REFERENCES authorities (dfe_code),
    neighbour_code VARCHAR NOT NULL REFERENCES authorities (dfe_code),
    rank INTEGER,
    model VARCHAR,
    model_date VARCHAR  -- when the model was published, as its list says ('' where it does not)
);

-- The hex map's layout: one row per hex (Bedfordshire and Cheshire have two), odd-r offset coordinates, north up.
CREATE TABLE map_hexes (
    dfe_code VARCHAR NOT NULL REFERENCES authorities (dfe_code),
    q INTEGER NOT NULL,
    r INTEGER NOT NULL,
    UNIQUE (q, r)
);

CREATE TABLE load_info (
    loaded_at TIMESTAMP NOT NULL,
    documents INTEGER NOT NULL,
    grades INTEGER NOT NULL,
    held_back INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    errors INTEGER NOT NULL
);
