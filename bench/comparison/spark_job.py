"""PySpark's side of job A, run as its own process: JSON Lines → the same 16 flattened,
timestamp-cast columns → gzip CSV part files, on local[2] (both cores).

    python spark_job.py INPUT_DIR OUT_DIR gzip

It waits for the JVM it started, so the JVM's CPU time and peak memory count in this process's
rusage (PySpark itself only kills it at exit)."""
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (BooleanType, DoubleType, LongType, StringType, StructField,
                               StructType)

SCHEMA = StructType([
    StructField("locationId", LongType()), StructField("location", StringType()),
    StructField("parameter", StringType()), StructField("value", DoubleType()),
    StructField("date", StructType([StructField("utc", StringType()), StructField("local", StringType())])),
    StructField("unit", StringType()),
    StructField("coordinates", StructType([StructField("latitude", DoubleType()),
                                           StructField("longitude", DoubleType())])),
    StructField("country", StringType()), StructField("city", StringType()),
    StructField("isMobile", BooleanType()), StructField("isAnalysis", BooleanType()),
    StructField("entity", StringType()), StructField("sensorType", StringType()),
])


def offset_minutes(local):
    sign = F.when(F.substring(local, -6, 1) == "-", -1).otherwise(1)
    minutes = F.substring(local, -5, 2).cast("long") * 60 + F.substring(local, -2, 2).cast("long")
    return F.when(local.endswith("Z"), F.lit(0).cast("long")).otherwise(sign * minutes)


def main(input_dir: str, out_dir: str, codec: str) -> None:
    spark = (SparkSession.builder.master("local[2]").appName("aqpipe-bench")
             .config("spark.driver.memory", "4g").config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._gateway.proc
    local = F.col("date.local")
    rows = spark.read.schema(SCHEMA).json(input_dir).select(
        F.col("locationId").alias("location_id"), "location", "parameter", "value",
        F.to_timestamp(F.col("date.utc")).alias("date_utc"), F.to_timestamp(local).alias("date_local"),
        "unit", F.col("coordinates.latitude").alias("coordinates_latitude"),
        F.col("coordinates.longitude").alias("coordinates_longitude"), "country", "city",
        F.col("isMobile").alias("is_mobile"), F.col("isAnalysis").alias("is_analysis"), "entity",
        F.col("sensorType").alias("sensor_type"), offset_minutes(local).alias("date_local_offset_minutes"))
    (rows.write.mode("overwrite").option("header", True).option("compression", codec)
     .option("timestampFormat", "yyyy-MM-dd HH:mm:ss").csv(out_dir))
    spark.stop()
    jvm.stdin.close()  # the gateway server exits when its stdin closes
    jvm.wait()


if __name__ == "__main__":
    main(*sys.argv[1:])
