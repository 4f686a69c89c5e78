"""aqpipe on Conveyor (Data Minded's Kubernetes platform), daily: one container runs
`aqpipe run` from the capstone's raw bucket in account 130966031144 into Snowflake.

Not run on Conveyor: its Airflow package is not installable here. tests/airflow/test_conveyor_dag.py
checks every argument against ConveyorContainerOperatorV2's documented ones.

The pod's service account assumes the IAM role `aws_role` by web identity (Conveyor injects
AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE); aqpipe's credential chain reads those. The role's
policies are iam/conveyor-role-policy.json (read the raw bucket, read the one secret, write the
stage) and its trust policy iam/conveyor-role-trust.json.
"""

from datetime import datetime, timedelta

from airflow import DAG
from conveyor.operators import ConveyorContainerOperatorV2

USER = "capstone"  # your name: the IAM role and the Snowflake schema are named after it
RAW = "s3://dataminded-academy-capstone-resources2/raw/open_aq/"
LOGIN = "arn:aws:secretsmanager:eu-west-1:130966031144:secret:snowflake/capstone/login"

with DAG("aqpipe_conveyor", schedule="@daily", start_date=datetime(2026, 1, 1), catchup=False,
         max_active_runs=1,  # two loads into one table never race
         default_args={"retries": 2, "retry_delay": timedelta(minutes=2),
                       "retry_exponential_backoff": True,
                       "execution_timeout": timedelta(hours=3)}) as dag:
    ConveyorContainerOperatorV2(
        task_id="transform_and_load",
        instance_type="mx.small",  # 2 GB: aqpipe peaks at 150-230 MB per GB of input
        instance_life_cycle="on-demand",  # a reclaimed spot node would restart the whole run
        aws_role=f"{USER}-aqpipe",
        arguments=["run", "--warehouse", "snowflake", "--schema", USER.upper(), "--table", "measurements"],
        env_vars={
            "AQPIPE_SOURCE": RAW,
            "AQPIPE_SECRET": LOGIN,
            "AQPIPE_LOG_FORMAT": "json",
            "AWS_REGION": "eu-west-1",
        },
    )
