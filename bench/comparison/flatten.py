"""The flattening every tool is asked to do, written once: the input's JSON schema (given to DuckDB
and PySpark, so neither spends time inferring it; aqpipe infers its own), DuckDB's SELECT producing
aqpipe's 16 columns, and the typed view the checks compare outputs through."""

# aqpipe's flattened columns and their types, in its order (docs/flattening.md).
COLUMNS = [
    ("location_id", "BIGINT"), ("location", "VARCHAR"), ("parameter", "VARCHAR"), ("value", "DOUBLE"),
    ("date_utc", "TIMESTAMP"), ("date_local", "TIMESTAMP"), ("unit", "VARCHAR"),
    ("coordinates_latitude", "DOUBLE"), ("coordinates_longitude", "DOUBLE"), ("country", "VARCHAR"),
    ("city", "VARCHAR"), ("is_mobile", "BOOLEAN"), ("is_analysis", "BOOLEAN"), ("entity", "VARCHAR"),
    ("sensor_type", "VARCHAR"), ("date_local_offset_minutes", "BIGINT"),
]
KEY = ("location_id", "parameter", "date_utc")

_JSON_COLUMNS = ("{locationId: 'BIGINT', location: 'VARCHAR', parameter: 'VARCHAR', value: 'DOUBLE', "
                 "date: 'STRUCT(utc VARCHAR, local VARCHAR)', unit: 'VARCHAR', "
                 "coordinates: 'STRUCT(latitude DOUBLE, longitude DOUBLE)', country: 'VARCHAR', "
                 "city: 'VARCHAR', isMobile: 'BOOLEAN', isAnalysis: 'BOOLEAN', entity: 'VARCHAR', "
                 "sensorType: 'VARCHAR'}")

# The UTC offset of an ISO 8601 local time, in minutes (aqpipe's <column>_offset_minutes).
_OFFSET = ("CASE WHEN ends_with(\"date\".local, 'Z') THEN 0 ELSE "
           "(CASE WHEN substr(\"date\".local, -6, 1) = '-' THEN -1 ELSE 1 END) * "
           "(CAST(substr(\"date\".local, -5, 2) AS BIGINT) * 60 + CAST(substr(\"date\".local, -2, 2) AS BIGINT)) END")


def duckdb_select(input_glob: str) -> str:
    """DuckDB SQL for the flattened, timestamp-cast rows (needs SET TimeZone = 'UTC')."""
    return f"""
SELECT locationId AS location_id, location, parameter, value,
       CAST(CAST("date".utc AS TIMESTAMPTZ) AS TIMESTAMP) AS date_utc,
       CAST(CAST("date".local AS TIMESTAMPTZ) AS TIMESTAMP) AS date_local,
       unit, coordinates.latitude AS coordinates_latitude, coordinates.longitude AS coordinates_longitude,
       country, city, isMobile AS is_mobile, isAnalysis AS is_analysis, entity, sensorType AS sensor_type,
       {_OFFSET} AS date_local_offset_minutes
FROM read_json('{input_glob}', format = 'newline_delimited', columns = {_JSON_COLUMNS})"""


def typed(relation: str) -> str:
    """SELECT of the 16 columns from an all-text relation, each cast to its type: outputs that
    write the same value differently (19 and 19.0, true and t) compare equal."""
    return "SELECT " + ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in COLUMNS) + f" FROM {relation}"
