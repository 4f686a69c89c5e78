"""aqpipe on Conveyor (not run on Conveyor: its Airflow package is not installable here)."""

from datetime import datetime, timedelta

from airflow import DAG
from conveyor.operators import ConveyorContainerOperatorV2

with DAG("aqpipe_conveyor", schedule="@daily", start_date=datetime(2026, 1, 1), catchup=False,
         max_active_runs=1, default_args={"retries": 2, "retry_delay": timedelta(minutes=2),
                                          "retry_exponential_backoff": True}) as dag:
    ConveyorContainerOperatorV2(
        task_id="transform_and_load",
        instance_type="mx.small",
        aws_role="aqpipe",
        arguments=["run", "--warehouse", "snowflake", "--table", "measurements"],
        env_vars={
            "AQPIPE_SOURCE": "s3://dataminded-academy-capstone-resources2/raw/open_aq/",
            "AQPIPE_SECRET": "arn:aws:secretsmanager:eu-west-1:130966031144:secret:snowflake/capstone/login",
            "AQPIPE_LOG_FORMAT": "json",
        },
    )
