#!/usr/bin/env python3
"""The peer of the benchmark (README, "Performance"): the on-call guide's emergency_scale_table, the
function as the guide prints it (../shared/seeds, "Automated Scaling Response"), with one fix: the
guide calls dynamodb.modify_table, which boto3 does not have (AttributeError), where update_table is
meant. The main below only points boto3 at the benchmark's DynamoDB Local (Debian's python3-boto3,
1.26, does not read AWS_ENDPOINT_URL) and runs the function once on the table it is given.

usage: emergency_scale_table.py ENDPOINT_URL TABLE
"""

import sys

import boto3

def emergency_scale_table(table_name, scale_factor=3):
    """Emergency scaling for DynamoDB table experiencing throttling"""

    dynamodb = boto3.client('dynamodb')
    cloudwatch = boto3.client('cloudwatch')

    try:
        # Get current table configuration
        table_desc = dynamodb.describe_table(TableName=table_name)
        current_read = table_desc['Table']['ProvisionedThroughput']['ReadCapacityUnits']
        current_write = table_desc['Table']['ProvisionedThroughput']['WriteCapacityUnits']

        print(f"Current capacity - Read: {current_read}, Write: {current_write}")

        # Calculate new capacity (emergency scaling)
        new_read = min(current_read * scale_factor, 40000)  # AWS limit
        new_write = min(current_write * scale_factor, 40000)

        print(f"Scaling to - Read: {new_read}, Write: {new_write}")

        # Apply scaling
        dynamodb.update_table(
            TableName=table_name,
            ProvisionedThroughput={
                'ReadCapacityUnits': new_read,
                'WriteCapacityUnits': new_write
            }
        )

        # Wait for scaling to complete
        waiter = dynamodb.get_waiter('table_exists')
        waiter.wait(TableName=table_name)

        print(f"Emergency scaling completed for {table_name}")

        # Scale GSIs if they exist
        for gsi in table_desc['Table'].get('GlobalSecondaryIndexes', []):
            index_name = gsi['IndexName']
            gsi_read = gsi['ProvisionedThroughput']['ReadCapacityUnits']
            gsi_write = gsi['ProvisionedThroughput']['WriteCapacityUnits']

            new_gsi_read = min(gsi_read * scale_factor, 40000)
            new_gsi_write = min(gsi_write * scale_factor, 40000)

            print(f"Scaling GSI {index_name} to Read: {new_gsi_read}, Write: {new_gsi_write}")

            dynamodb.update_table(
                TableName=table_name,
                GlobalSecondaryIndexUpdates=[
                    {
                        'Update': {
                            'IndexName': index_name,
                            'ProvisionedThroughput': {
                                'ReadCapacityUnits': new_gsi_read,
                                'WriteCapacityUnits': new_gsi_write
                            }
                        }
                    }
                ]
            )

        return True

    except Exception as e:
        print(f"Error scaling table {table_name}: {e}")
        return False


if __name__ == "__main__":
    endpoint_url, table = sys.argv[1], sys.argv[2]
    _client = boto3.client
    boto3.client = lambda service, **kwargs: _client(service, endpoint_url=endpoint_url, region_name="us-east-1",
                                                     aws_access_key_id="bench", aws_secret_access_key="bench", **kwargs)
    sys.exit(0 if emergency_scale_table(table) else 1)
